import { headers } from "next/headers";
import { hasRole } from "@printernizer/api";
import { getSession } from "~/server/session";
import { AppNav } from "./_components/app-nav";

// Every page of the signed-in app: the header with navigation for the user's role.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession(new Headers(await headers()));
  const user = session?.user ?? null;
  return (
    <>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <AppNav isAdmin={user ? hasRole(user.role, "admin") : false} user={user ? { name: user.name, role: user.role } : null} />
      </header>
      <main className="mx-auto max-w-7xl p-4">{children}</main>
    </>
  );
}
