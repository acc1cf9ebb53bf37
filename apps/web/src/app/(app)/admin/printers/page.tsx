import { currentUserHas } from "~/server/current-session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { PrintersAdmin } from "./_components/printers-admin";

export const dynamic = "force-dynamic";
export const metadata = { title: "Printers · Admin · Printernizer" };

export default async function AdminPrintersPage() {
  if (await currentUserHas("admin")) prefetch(trpc.admin.printers.list.queryOptions());
  return (
    <HydrateClient>
      <PrintersAdmin />
    </HydrateClient>
  );
}
