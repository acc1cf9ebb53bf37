// What a job opening or ending means for print starts and plates, written inside the
// persistence pipeline's batch transaction (it runs only when jobs open or close):
// - a job that opens on a printer with a PrintStart `started` (or `starting`: adapters confirm a
//   start by the printer's status, so the job can open first) in the last 30 min, not linked
//   yet, whose file name matches (case-insensitive, by basename, extension aside: Bambu reports
//   the job name the start passed) becomes that start's job (PrintStart.jobId). A start that
//   failed in the last 10 min counts too (its confirmation timed out, yet the printer started
//   it): it becomes `started` and a queue start takes its copy back, or the copy would print twice;
// - a job that ends marks the printer "waiting for the plate to be cleared" (unless it clears
//   itself: autoClearPlate), and settles a queue start's copy (farm's print-start-outcome).
// Each runs under a savepoint: a failure here is rolled back alone and reported, never costing
// the batch its job and status writes.
import path from "node:path";
import type { Prisma } from "@printernizer/db";
import { notify } from "@printernizer/farm/notify";
import { touchPlateRows } from "@printernizer/farm/plate-row-version";
import { settleStartedPrintIn, type PrintEnding } from "@printernizer/farm/print-start-outcome";
import type { Job } from "@printernizer/printers";
import { queueDeliveries } from "../notifications/queue-deliveries";

type Tx = Prisma.TransactionClient;

const linkWindowMinutes = 30;
/** A start failed this recently may still have reached the printer (a confirmation that timed out). */
const lateStartWindowMinutes = 10;

/** A file or job name reduced to what both sides report alike: basename, lower case, no print-file extension. */
export function comparableName(name: string): string {
  return path.posix
    .basename(name.replaceAll("\\", "/"))
    .toLowerCase()
    .replace(/(\.gcode)?\.3mf$|\.bgcode$|\.gcode$/, "")
    .trim();
}

export async function linkStartedPrint(
  tx: Tx,
  op: { printerId: string; id: string; job: Pick<Job, "name" | "displayName"> },
): Promise<void> {
  const candidates = await tx.$queryRaw<
    { id: string; remoteName: string; status: string; queueEntryId: string | null }[]
  >`
    SELECT "id", "remoteName", "status"::text AS "status", "queueEntryId" FROM "PrintStart"
    WHERE "printerId" = ${op.printerId} AND "jobId" IS NULL
      AND (("status" IN ('starting', 'started') AND "updatedAt" > now() - make_interval(mins => ${linkWindowMinutes}))
        OR ("status" = 'failed' AND "updatedAt" > now() - make_interval(mins => ${lateStartWindowMinutes})))
    ORDER BY "status" = 'failed', "updatedAt" DESC`;
  if (!candidates.length) return;
  const names = new Set(
    [op.job.name, op.job.displayName].filter((n): n is string => !!n).map(comparableName),
  );
  const start = candidates.find((c) => names.has(comparableName(c.remoteName)));
  if (!start) return;
  const linked = await tx.$executeRaw`
    UPDATE "PrintStart" SET "jobId" = ${op.id}, "updatedAt" = now(),
      "status" = CASE WHEN "status" = 'failed' THEN 'started' ELSE "status" END::"PrintStartStatus",
      "error" = CASE WHEN "status" = 'failed' THEN NULL ELSE "error" END
    WHERE "id" = ${start.id} AND "jobId" IS NULL AND NOT EXISTS (SELECT 1 FROM "PrintStart" WHERE "jobId" = ${op.id})`;
  if (!linked) return;
  // the failed start gave its copy back: the printer prints it after all, so it is taken again
  if (start.status === "failed" && start.queueEntryId)
    await tx.$executeRaw`
      UPDATE "QueueEntry" SET "copiesStarted" = "copiesStarted" + 1, "updatedAt" = now()
      WHERE "id" = ${start.queueEntryId}`;
  await notify(tx, "queueChanged", start.id);
}

/** Call before the job's row is closed: a job already closed (a repeated close) changes nothing. */
export async function settleEndedJob(
  tx: Tx,
  op: { printerId: string; id: string; outcome: PrintEnding; at: Date },
): Promise<void> {
  const open = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Job" WHERE "id" = ${op.id} AND "endedAt" IS NULL`;
  if (!open.length) return;
  const printers = await tx.$queryRaw<{ name: string; autoClearPlate: boolean }[]>`
    SELECT "name", "autoClearPlate" FROM "Printer" WHERE "id" = ${op.printerId}`;
  const printer = printers[0];
  if (!printer) return;
  if (!printer.autoClearPlate) {
    const marked = await tx.$executeRaw`
      UPDATE "Printer" SET "awaitingPlateClearSince" = ${op.at}
      WHERE "id" = ${op.printerId} AND "awaitingPlateClearSince" IS NULL`;
    if (marked) {
      await touchPlateRows(tx, [op.printerId]);
      await notify(tx, "queueChanged", op.printerId);
      await announcePlateWaiting(tx, op);
    }
  }
  const starts = await tx.$queryRaw<{ id: string; queueEntryId: string | null }[]>`
    SELECT "id", "queueEntryId" FROM "PrintStart" WHERE "jobId" = ${op.id}`;
  for (const start of starts) await settleStartedPrintIn(tx, start, op.outcome, printer.name);
}

/** A printernizer event (and the deliveries rules ask for) that someone must clear the plate. */
async function announcePlateWaiting(tx: Tx, op: { printerId: string; id: string; at: Date }): Promise<void> {
  const jobs = await tx.$queryRaw<{ fileName: string; displayName: string | null }[]>`
    SELECT "fileName", "displayName" FROM "Job" WHERE "id" = ${op.id}`;
  const job = jobs[0] ? { name: jobs[0].fileName, displayName: jobs[0].displayName ?? undefined } : undefined;
  const payload = { jobId: op.id, ...(job ? { job } : {}) };
  await tx.printerEvent.create({
    data: { printerId: op.printerId, type: "printer_waiting_for_plate", payload, createdAt: op.at },
  });
  await queueDeliveries(tx, [
    { type: "printer_waiting_for_plate", printerId: op.printerId, at: op.at, payload },
  ]);
}

let savepoints = 0;

/** Runs `work` under a savepoint of `tx`: its failure is rolled back alone and handed to `onError`. */
export async function isolated(
  tx: Tx,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): Promise<void> {
  const name = `print_starts_${++savepoints}`;
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    await work();
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ${name}`);
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
    onError(error);
  }
}
