import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole } from "@printernizer/api";
import { farmAlerts } from "@printernizer/farm/connection-health";
import { liveDataStatus } from "@printernizer/farm/live-data";
import { countUsers } from "@printernizer/auth/users";
import { serverEnv } from "~/env";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";
import { parseTheme, themeCookie } from "../_theme/theme";
import { AppNav } from "./_components/app-nav";
import { BrowserNotifier } from "./_components/browser-notifications";
import { FarmAlertBanner } from "./_components/farm-alert-banner";
import { LiveDataBanner } from "./_components/live-data-banner";

export const dynamic = "force-dynamic";

// Every page of the signed-in app. With no users at all, everything leads to first-run setup.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession(new Headers(await headers()));
  if (!session) redirect((await countUsers(getDb())) === 0 ? "/setup" : "/login");
  const { user } = session;
  // both banners' first answers, read side by side
  const [liveData, alerts] = await Promise.all([
    liveDataStatus(getDb()),
    farmAlerts(getDb(), {
      offlineGraceMs: serverEnv().PRINTERNIZER_OFFLINE_GRACE_SECONDS,
    }),
  ]);
  return (
    <>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <AppNav
          isAdmin={hasRole(user.role, "admin")}
          user={{ name: user.name, role: user.role }}
          theme={parseTheme((await cookies()).get(themeCookie)?.value)}
        />
      </header>
      <LiveDataBanner initial={liveData} />
      <FarmAlertBanner initial={alerts} />
      <main className="mx-auto max-w-7xl p-4">{children}</main>
      <BrowserNotifier />
    </>
  );
}
