import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { countUsers } from "@printernizer/auth/users";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Printernizer" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(getDb())) === 0) redirect("/setup");
  if (await getSession(new Headers(await headers()))) redirect("/");
  const { next } = await searchParams;
  // Only paths of this site: never an open redirect.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <LoginForm next={target} />
    </>
  );
}
