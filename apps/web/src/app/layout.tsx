import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { ToastProvider } from "@printernizer/ui/toast";
import { TRPCReactProvider } from "~/trpc/react";
import { SystemThemeClass } from "./_theme/system-theme-class";
import { parseTheme, systemThemeScript, themeCookie } from "./_theme/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "Printernizer",
  description: "Your 3D print farm in one browser tab",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  // The page's CSP nonce (middleware.ts): inline scripts run only with it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html
      lang="en"
      suppressHydrationWarning
      data-theme={theme}
      className={theme === "dark" ? "dark" : undefined}
    >
      <head>
        {theme === "system" ? (
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: systemThemeScript }} />
        ) : null}
      </head>
      <body className="min-h-screen font-sans antialiased">
        {theme === "system" ? <SystemThemeClass /> : null}
        <TRPCReactProvider>
          <ToastProvider>{children}</ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
