import { headers } from "next/headers";
import { getSession } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { UsersAdmin } from "./_components/users-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · Admin · Printernizer" };

export default async function AdminUsersPage() {
  const session = await getSession(new Headers(await headers()));
  prefetch(trpc.admin.users.list.queryOptions());
  return (
    <HydrateClient>
      <UsersAdmin currentUserId={session?.user.id ?? ""} />
    </HydrateClient>
  );
}
