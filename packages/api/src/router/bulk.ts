// Bulk actions on the dashboard's selected printers: pause, resume, cancel, or one copy of a queue
// entry on each. One mutation per action kind; each printer runs the same path as its own button
// and gets its own result and audit entry. "Plate cleared" on many printers is
// `printer.confirmPlateCleared`. `progress` follows the commands the actions sent.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { bulkControl, maxBulkPrinters } from "@printernizer/farm/bulk-actions";
import { bulkSendQueued, QueueSendError } from "@printernizer/farm/bulk-queue-send";
import { commandsProgress } from "@printernizer/farm/bulk-progress";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "../trpc";

const id = (what: string) =>
  z
    .string({ message: `Which ${what}? The ${what} id is missing.` })
    .min(1, `Which ${what}? The ${what} id is missing.`)
    .max(100, `That is not a ${what} id.`);

const printerIds = z
  .array(id("printer"))
  .min(1, "Select at least one printer.")
  .max(maxBulkPrinters, `Select at most ${maxBulkPrinters} printers for one action.`);

export const ZBulkPrintersSchema = z.object({ printerIds });
export const ZBulkSendQueuedSchema = z.object({ printerIds, queueEntryId: id("queue entry") });
export const ZBulkProgressSchema = z.object({
  commandIds: z
    .array(id("command"))
    .min(1, "Which commands?")
    .max(maxBulkPrinters, `Ask for at most ${maxBulkPrinters} commands at a time.`),
});

const control = (kind: "pause" | "resume" | "cancel") =>
  operatorProcedure.input(ZBulkPrintersSchema).mutation(async ({ ctx, input }) => ({
    results: await bulkControl(ctx, kind, input.printerIds),
  }));

export const bulkRouter = createTRPCRouter({
  pause: control("pause"),
  resume: control("resume"),
  cancel: control("cancel"),

  /** One copy of a queue entry on each printer, checked as the dispatcher checks (never overridden). */
  sendQueued: operatorProcedure.input(ZBulkSendQueuedSchema).mutation(async ({ ctx, input }) => {
    try {
      return { results: await bulkSendQueued(ctx, input.queueEntryId, input.printerIds) };
    } catch (error) {
      if (error instanceof QueueSendError)
        throw new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
      throw error;
    }
  }),

  /** Where each command of a bulk action is: sent, on the printer, done, or failed with the printer's reason. */
  progress: viewerProcedure
    .input(ZBulkProgressSchema)
    .query(({ ctx, input }) => commandsProgress(ctx.db, input.commandIds)),
});
