// The commands a bulk action sent, followed in one query: still on the way, done, or failed /
// expired with the printer's or worker's reason (never the payload or result).
import type { Db, PrinterCommand } from "@printernizer/db";

export interface BulkCommandProgress {
  id: string;
  printerId: string | null;
  status: PrinterCommand["status"];
  error: string | null;
}

const unclaimedReason =
  "No worker picked up the command in time. Check that the printer is enabled and a worker is running.";

export async function commandsProgress(
  db: Db,
  commandIds: readonly string[],
): Promise<BulkCommandProgress[]> {
  const rows = await db.printerCommand.findMany({
    where: { id: { in: [...new Set(commandIds)] } },
    select: { id: true, printerId: true, status: true, error: true, expiresAt: true },
  });
  const now = Date.now();
  return rows.map(({ expiresAt, ...row }) =>
    row.status === "pending" && expiresAt.getTime() < now
      ? { ...row, status: "expired", error: unclaimedReason }
      : { ...row, error: row.status === "expired" ? (row.error ?? unclaimedReason) : row.error },
  );
}
