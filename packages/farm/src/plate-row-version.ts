// A dashboard row's version (`FarmPrinter.updatedAt`) is the newer of its Printer and LiveStatus
// rows' `updatedAt`. Marking or clearing a plate writes only `Printer.awaitingPlateClearSince`, on
// purpose without `Printer.updatedAt` (the worker reads that as "connection settings changed" and
// would reconnect). Without a newer version, a browser that got the change from its stream and
// then an older `farm.list` answer keeps the older row (its merge keeps the newer of the two), and
// `farm.list`'s read-your-writes query does not see the change: so the status row is touched.
import type { SqlRunner } from "./notify";

export async function touchPlateRows(sql: SqlRunner, printerIds: readonly string[]): Promise<void> {
  if (!printerIds.length) return;
  await sql.$executeRawUnsafe(
    `UPDATE "LiveStatus" SET "updatedAt" = now() WHERE "printerId" = ANY($1::text[])`,
    [...printerIds],
  );
}
