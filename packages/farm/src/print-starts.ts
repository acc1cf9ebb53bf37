// A print start is a PrintStart row (what to print where: library file, plate, options, and for
// queue starts the entry and why this printer) plus the start_print command that the worker
// owning the printer claims, uploads and starts. Both are written in one transaction, by the
// start dialog, a reprint, or the queue's dispatcher (inside its own transaction, so an entry
// is handed out exactly once). The worker moves the row through uploading → starting → started
// or failed (apps/worker/src/printing).
import type { Db, Prisma, PrintStart } from "@printernizer/db";
import { PrintOptionsSchema, type PrintOptionsInput } from "@printernizer/printers";
import { notify } from "./notify";

/** A start nobody claimed in this time fails ("no worker picked it up"); uploads themselves may take much longer. */
export const printStartClaimTimeoutMs = 60_000;
/** A start the printer accepted this recently, whose print is not seen yet, keeps the printer busy. */
export const justStartedMs = 2 * 60_000;

/**
 * The starts that keep a printer from taking another (readiness's `startInFlight`), one rule for
 * the start dialog's check, the worker right before it sends anything, and the queue's
 * dispatcher: a start on its way (a pending one only within the claim timeout: after it, its
 * command expired unclaimed and it fails), or one the printer accepted in the last 2 minutes
 * whose print is not seen yet (until the printer reports it, it may still look idle).
 */
export function startsOccupyingPrinter(now: Date): Prisma.PrintStartWhereInput {
  return {
    OR: [
      { status: { in: ["uploading", "starting"] } },
      { status: "pending", createdAt: { gte: new Date(now.getTime() - printStartClaimTimeoutMs) } },
      { status: "started", jobId: null, updatedAt: { gte: new Date(now.getTime() - justStartedMs) } },
    ],
  };
}

export interface PrintStartInput {
  printerId: string;
  libraryFileId: string;
  /** The library file's name: the name it gets on the printer (the adapter may clean it). */
  remoteName: string;
  plate?: number;
  options?: PrintOptionsInput;
  /** Compatibility problems the person overrode, in words. */
  overrides?: string[];
  queueEntryId?: string;
  /** Why the dispatcher chose this printer. */
  reason?: string;
  requestedById?: string;
}

/** Writes the PrintStart and its start_print command inside `tx`; the NOTIFY is delivered when `tx` commits. */
export async function createPrintStartIn(
  tx: Prisma.TransactionClient,
  input: PrintStartInput,
): Promise<PrintStart> {
  const options = PrintOptionsSchema.parse(input.options ?? {});
  const start = await tx.printStart.create({
    data: {
      printerId: input.printerId,
      libraryFileId: input.libraryFileId,
      remoteName: input.remoteName,
      plate: input.plate ?? 1,
      options,
      overrides: input.overrides ?? [],
      queueEntryId: input.queueEntryId,
      reason: input.reason,
      requestedById: input.requestedById,
    },
  });
  const command = await tx.printerCommand.create({
    data: {
      kind: "start_print",
      printerId: input.printerId,
      payload: { printStartId: start.id },
      requestedById: input.requestedById,
      expiresAt: new Date(Date.now() + printStartClaimTimeoutMs),
    },
  });
  const linked = await tx.printStart.update({ where: { id: start.id }, data: { commandId: command.id } });
  await notify(tx, "commandRequested", command.id);
  await notify(tx, "queueChanged", start.id);
  return linked;
}

/** One print start in its own transaction. */
export function createPrintStart(db: Db, input: PrintStartInput): Promise<PrintStart> {
  return db.$transaction((tx) => createPrintStartIn(tx, input));
}
