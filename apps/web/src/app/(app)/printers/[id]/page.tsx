import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { hasRole } from "@printernizer/api";
import { getDb } from "~/server/db";
import { getSession } from "~/server/session";
import { HydrateClient, prefetch, trpc } from "~/trpc/server";
import { PrinterView } from "./_components/printer-view";

export const dynamic = "force-dynamic";

export default async function PrinterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await getDb().printer.count({ where: { id } }))) notFound();
  const session = await getSession(new Headers(await headers()));
  prefetch(trpc.printer.get.queryOptions({ printerId: id }));
  prefetch(trpc.files.list.queryOptions({ printerId: id }));
  return (
    <HydrateClient>
      <PrinterView
        printerId={id}
        canControl={session ? hasRole(session.user.role, "operator") : false}
        isAdmin={session ? hasRole(session.user.role, "admin") : false}
      />
    </HydrateClient>
  );
}
