import { headers } from "next/headers";
import { Suspense } from "react";
import { getSession } from "~/server/session";
import { ApiKeysPage } from "./_components/api-keys-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys · Printernizer" };

// Every signed-in user: their own keys (the (app) layout has already sent anyone else to sign in).
export default async function AccountApiKeysPage() {
  const session = await getSession(new Headers(await headers()));
  return (
    <Suspense>
      <ApiKeysPage role={session?.user.role ?? "viewer"} />
    </Suspense>
  );
}
