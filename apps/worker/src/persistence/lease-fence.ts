// Fencing: a worker writes no status row and no job row for a printer whose lease another worker
// holds. A worker whose heartbeat went stale (paused, cut off from the database) may have lost
// printers to another worker before it notices at its next tick; what it buffered meanwhile must
// not overwrite the new owner's rows. The event log and temperature samples are observations with
// their own time and are kept. A printer without a lease row (released, or a pipeline used without
// leases) is not fenced.
import type { Db } from "@printernizer/db";
import type { StatusRow, WriteOp } from "./write-ops";

const fencedOps = new Set<WriteOp["t"]>(["jobOpen", "jobUpdate", "jobClose", "jobThumbnail"]);

export async function fenceLostPrinters(
  db: Pick<Db, "$queryRaw">,
  ops: WriteOp[],
  statuses: StatusRow[],
  workerId: string,
): Promise<{ ops: WriteOp[]; statuses: StatusRow[]; fenced: string[] }> {
  const ids = new Set(statuses.map((s) => s.printerId));
  for (const op of ops) if (fencedOps.has(op.t)) ids.add(op.printerId);
  if (!ids.size) return { ops, statuses, fenced: [] };
  const rows = await db.$queryRaw<{ printerId: string }[]>`
    SELECT "printerId" FROM "PrinterLease" WHERE "printerId" = ANY(${[...ids]}::text[]) AND "ownerId" <> ${workerId}`;
  if (!rows.length) return { ops, statuses, fenced: [] };
  const lost = new Set(rows.map((r) => r.printerId));
  return {
    ops: ops.filter((op) => !(fencedOps.has(op.t) && lost.has(op.printerId))),
    statuses: statuses.filter((s) => !lost.has(s.printerId)),
    fenced: [...lost],
  };
}
