import type { Metadata, Viewport } from "next";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Printernizer",
  description: "Your 3D print farm in one browser tab",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <TRPCReactProvider>
          <header className="border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
            <span className="text-lg font-semibold">Printernizer</span>
          </header>
          <main className="mx-auto max-w-6xl p-4">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
