// "Send a queued job" to the selected printers: one copy of a queue entry starts on each printer
// now, as the dispatcher would start it (the entry's file, plate and options; readiness and
// compatibility checked, never overridden) but on the printers the operator chose. Each printer
// is one transaction: the entry row locked, a copy left, the printer ready, the PrintStart +
// start_print command written and the copy counted, so a refused printer (busy, plate not
// cleared, wrong model, no copies left) leaves the others alone. A start that fails later gives
// its copy back (print-start-outcome.ts), as a dispatched one does.
import type { Db, Prisma } from "@printernizer/db";
import { PrintOptionsSchema } from "@printernizer/printers";
import { recordAudit } from "./audit";
import { eachLimited, removedMessage, uniqueIds, type BulkContext, type BulkResult } from "./bulk-actions";
import { blockers, overridable } from "./print-compatibility";
import { checkPrint, PrintRequestError } from "./print-requests";
import { createPrintStartIn } from "./print-starts";

export class QueueSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueSendError";
  }
}

type Tx = Prisma.TransactionClient;
type Sent = { printStartId: string; commandId: string; printerName: string };

async function sendOne(tx: Tx, entryId: string, printerId: string, ctx: BulkContext): Promise<Sent> {
  const [entry] = await tx.$queryRaw<
    {
      id: string;
      status: string;
      copies: number;
      copiesStarted: number;
      libraryFileId: string;
      plate: number;
    }[]
  >`SELECT "id", "status", "copies", "copiesStarted", "libraryFileId", "plate" FROM "QueueEntry" WHERE "id" = ${entryId} FOR UPDATE`;
  if (!entry || entry.status !== "queued")
    throw new QueueSendError("That queue entry is no longer waiting (done or cancelled); pick another one.");
  if (entry.copiesStarted >= entry.copies)
    throw new QueueSendError(
      `All ${entry.copies} ${entry.copies === 1 ? "copy is" : "copies are"} of this entry started already; add copies to it on the queue page.`,
    );
  await tx.$queryRaw`SELECT "id" FROM "Printer" WHERE "id" = ${printerId} FOR UPDATE`;
  const stored = await tx.queueEntry.findUniqueOrThrow({ where: { id: entryId }, select: { options: true } });
  const options = PrintOptionsSchema.parse(stored.options ?? {});
  const check = await checkPrint(tx, {
    libraryFileId: entry.libraryFileId,
    printerId,
    plate: entry.plate,
    useAms: options.useAms,
    ...(options.amsMapping ? { amsMapping: options.amsMapping } : {}),
  });
  if (!check.readiness.ready) throw new QueueSendError(`Not started: ${check.readiness.reason}`);
  const problems = [...blockers(check.compatibility.problems), ...overridable(check.compatibility.problems)];
  if (problems.length)
    throw new QueueSendError(
      `Not started: ${problems.map((p) => p.message).join(" ")} Start it from the library to override.`,
    );
  const amsMapping = options.amsMapping ?? check.compatibility.amsMapping;
  const start = await createPrintStartIn(tx, {
    printerId,
    libraryFileId: check.file.id,
    remoteName: check.file.name,
    plate: entry.plate,
    options: { ...options, ...(check.printer.kind === "bambu" && amsMapping ? { amsMapping } : {}) },
    queueEntryId: entry.id,
    reason: `Sent to the selected printers by ${ctx.session.user.name || ctx.session.user.email}.`,
    requestedById: ctx.session.user.id,
  });
  await tx.queueEntry.update({ where: { id: entry.id }, data: { copiesStarted: { increment: 1 } } });
  return { printStartId: start.id, commandId: start.commandId!, printerName: check.printer.name };
}

/** The entry must exist: otherwise the whole call is wrong (`QueueSendError`), not each printer. */
async function entryLabel(db: Db, entryId: string): Promise<string> {
  const entry = await db.queueEntry.findUnique({
    where: { id: entryId },
    select: { libraryFile: { select: { name: true } } },
  });
  if (!entry)
    throw new QueueSendError("There is no such queue entry; it may have been removed. Reload the queue.");
  return entry.libraryFile.name;
}

/** One copy of the queue entry on each printer; one result and one audit entry (`queue.send`) per printer. */
export async function bulkSendQueued(
  ctx: BulkContext,
  entryId: string,
  printerIds: readonly string[],
): Promise<BulkResult[]> {
  const fileName = await entryLabel(ctx.db, entryId);
  // One at a time: the copies of one entry are counted under its row lock anyway.
  return eachLimited(
    uniqueIds(printerIds),
    async (printerId): Promise<BulkResult> => {
      try {
        const sent = await ctx.db.$transaction((tx) => sendOne(tx, entryId, printerId, ctx));
        await recordAudit(ctx, {
          action: "queue.send",
          targetType: "printer",
          targetId: printerId,
          targetLabel: sent.printerName,
          details: { queueEntryId: entryId, file: fileName, printStartId: sent.printStartId, bulk: true },
        });
        return {
          printerId,
          name: sent.printerName,
          outcome: "sent",
          message: `${fileName} is on its way to the printer.`,
          commandId: sent.commandId,
        };
      } catch (error) {
        const notFound = error instanceof PrintRequestError && error.reason === "not_found";
        const printer = await ctx.db.printer.findUnique({ where: { id: printerId }, select: { name: true } });
        if (!printer && (notFound || error instanceof QueueSendError))
          return { printerId, name: null, outcome: "removed", message: removedMessage };
        if (!(error instanceof QueueSendError || error instanceof PrintRequestError)) throw error;
        await recordAudit(ctx, {
          action: "queue.send",
          outcome: "failure",
          targetType: "printer",
          targetId: printerId,
          targetLabel: printer?.name,
          details: { queueEntryId: entryId, file: fileName, reason: error.message, bulk: true },
        });
        return { printerId, name: printer?.name ?? null, outcome: "refused", message: error.message };
      }
    },
    1,
  );
}
