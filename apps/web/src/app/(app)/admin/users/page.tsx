import { currentSession, currentUserHas } from "~/server/current-session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { UsersAdmin } from "./_components/users-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users · Admin · Printernizer" };

export default async function AdminUsersPage() {
  const session = await currentSession();
  if (await currentUserHas("admin")) prefetch(trpc.admin.users.list.queryOptions());
  return (
    <HydrateClient>
      <UsersAdmin currentUserId={session?.user.id ?? ""} />
    </HydrateClient>
  );
}
