// What a print start's end means for its row and, for a queue start, for its queue entry. One
// place for the rule, used by the worker's command executor (a start that failed or was stopped),
// by the caller of expireOverdueCommands (a start nobody claimed in time), by the persistence
// pipeline (the print the start became ended) and relied on by the queue's dispatcher:
// - a start that did not happen is `failed` with the reason, and a queue start gives its copy
//   back (copiesStarted - 1, lastError = the reason), so the entry is dispatched again;
// - a started print that completed counts as done (copiesDone + 1; the entry is `done` once
//   every copy is); one that failed or was cancelled gives its copy back with why.
// Every change NOTIFYs queueChanged (delivered when the transaction commits).
import type { Db, Prisma, PrintStartStatus } from "@printernizer/db";
import { notify } from "./notify";

type Tx = Prisma.TransactionClient;

/** A PrintStart in one of these is still on its way to the printer. */
export const printStartInFlight: readonly PrintStartStatus[] = ["pending", "uploading", "starting"];

/**
 * Fails a start that has not started (nor failed) yet, with `reason` for a person, and gives a
 * queue start's copy back. False when the start had already started or failed: nothing changed.
 */
export async function failPrintStartIn(tx: Tx, printStartId: string, reason: string): Promise<boolean> {
  // A start already linked to a job did happen (the printer printed it, maybe before the start
  // was confirmed): it counts as started, never failed, or its copy would print twice.
  const rows = await tx.$queryRaw<{ queueEntryId: string | null; jobId: string | null }[]>`
    UPDATE "PrintStart"
    SET "status" = CASE WHEN "jobId" IS NULL THEN 'failed' ELSE 'started' END::"PrintStartStatus",
      "error" = CASE WHEN "jobId" IS NULL THEN ${reason} ELSE NULL END, "updatedAt" = now()
    WHERE "id" = ${printStartId} AND "status" IN ('pending', 'uploading', 'starting')
    RETURNING "queueEntryId", "jobId"`;
  const row = rows[0];
  if (!row) return false;
  if (row.jobId) {
    await notify(tx, "queueChanged", printStartId);
    return false;
  }
  if (row.queueEntryId) await giveCopyBackIn(tx, row.queueEntryId, reason);
  await notify(tx, "queueChanged", printStartId);
  return true;
}

/** `failPrintStartIn` in its own transaction. */
export function failPrintStart(db: Db, printStartId: string, reason: string): Promise<boolean> {
  return db.$transaction((tx) => failPrintStartIn(tx, printStartId, reason));
}

/**
 * The start_print commands among `commandIds` that ended without running (expired unclaimed):
 * their starts fail with the command's own reason. Returns how many starts failed.
 */
export async function failStartsOfCommands(db: Db, commandIds: string[]): Promise<number> {
  if (!commandIds.length) return 0;
  const starts = await db.printStart.findMany({
    where: { commandId: { in: commandIds }, status: { in: [...printStartInFlight] } },
    select: { id: true, commandId: true },
  });
  if (!starts.length) return 0;
  const commands = await db.printerCommand.findMany({
    where: { id: { in: starts.map((s) => s.commandId!) } },
    select: { id: true, error: true },
  });
  const reasonOf = new Map(commands.map((c) => [c.id, c.error]));
  let failed = 0;
  for (const start of starts) {
    const reason = reasonOf.get(start.commandId!) ?? "The start was not sent to the printer.";
    if (await failPrintStart(db, start.id, reason)) failed++;
  }
  return failed;
}

/**
 * Starts still on their way whose command ended without them (expired by whoever noticed first:
 * this worker, another one, or the web's waitForCommand; or failed): they fail with the
 * command's reason. Run on every command poll; one indexed query when there is nothing to do.
 */
export async function failStartsOfEndedCommands(db: Db): Promise<number> {
  const ended = await db.$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "PrintStart" s JOIN "PrinterCommand" c ON c."id" = s."commandId"
    WHERE s."status" IN ('pending', 'uploading', 'starting') AND c."status" IN ('expired', 'failed')`;
  return failStartsOfCommands(
    db,
    ended.map((r) => r.id),
  );
}

/** A copy handed out did not print: the entry gets it back, with why, and is dispatched again. */
export async function giveCopyBackIn(tx: Tx, queueEntryId: string, reason: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "QueueEntry" SET "copiesStarted" = GREATEST(0, "copiesStarted" - 1), "lastError" = ${reason}, "updatedAt" = now()
    WHERE "id" = ${queueEntryId}`;
  await notify(tx, "queueChanged", queueEntryId);
}

/** A copy printed: counted, and the entry is done once every copy is. */
export async function countCopyDoneIn(tx: Tx, queueEntryId: string, note?: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "QueueEntry" SET "copiesDone" = "copiesDone" + 1, "lastError" = COALESCE(${note ?? null}, "lastError"),
      "status" = CASE WHEN "status" = 'queued' AND "copiesDone" + 1 >= "copies" THEN 'done'::"QueueEntryStatus" ELSE "status" END,
      "updatedAt" = now()
    WHERE "id" = ${queueEntryId}`;
  await notify(tx, "queueChanged", queueEntryId);
}

export type PrintEnding = "completed" | "failed" | "cancelled" | "unknown";

/**
 * The print a start became ended: a queue start counts its copy done (completed) or gives it
 * back (failed, cancelled: "The print failed on <printer>"). An unknown ending (it ended while no
 * worker watched) counts as done, so the entry is never stuck, with a note asking a person to
 * check the part: printing a copy twice costs more than a person adding one copy back.
 */
export async function settleStartedPrintIn(
  tx: Tx,
  start: { id: string; queueEntryId: string | null },
  ending: PrintEnding,
  printerName: string,
): Promise<void> {
  if (!start.queueEntryId) return;
  if (ending === "completed") await countCopyDoneIn(tx, start.queueEntryId);
  else if (ending === "unknown")
    await countCopyDoneIn(
      tx,
      start.queueEntryId,
      `The print on ${printerName} ended while no worker was watching, so it counts as done: check the part, and add a copy if it failed.`,
    );
  else if (ending === "failed")
    await giveCopyBackIn(tx, start.queueEntryId, `The print failed on ${printerName}.`);
  else if (ending === "cancelled")
    await giveCopyBackIn(tx, start.queueEntryId, `The print was cancelled on ${printerName}.`);
  else return;
  await notify(tx, "queueChanged", start.id);
}
