import { headers } from "next/headers";
import { hasRole } from "@printernizer/api";
import { getSession } from "~/server/session";

export const dynamic = "force-dynamic";

// Every admin page: the server refuses other roles here (and every admin procedure refuses
// them again), so nothing of the page is rendered for them.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession(new Headers(await headers()));
  if (!session || !hasRole(session.user.role, "admin")) {
    return (
      <section
        aria-labelledby="forbidden-heading"
        className="mx-auto max-w-lg rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-800 dark:bg-amber-950"
      >
        <h1 id="forbidden-heading" className="mb-2 text-lg font-semibold">
          Admins only
        </h1>
        <p className="text-sm">
          This page manages printers, people and settings. You are signed in as{" "}
          {session?.user.role ?? "nobody"}; ask an admin if you need access.
        </p>
      </section>
    );
  }
  return children;
}
