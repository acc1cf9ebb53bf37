// The farm queue: what waits, uploads, prints and is done (viewers), adding, editing, moving and
// cancelling entries and pausing the whole queue (operators), the dispatcher's settings (admins).
// The worker's dispatcher hands entries to printers; every change here is in the audit log.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit, type AuditContext } from "@printernizer/farm/audit";
import {
  addQueueEntry,
  cancelQueueEntry,
  maxCopies,
  QueueError,
  reorderQueueEntry,
  updateQueueEntry,
} from "@printernizer/farm/queue-entries";
import { getQueueEntry, listQueue } from "@printernizer/farm/queue-list";
import { queuePauseRecord } from "@printernizer/farm/queue-pause-record";
import { maxHeatingLimit, readQueueSettings, updateQueueSettings } from "@printernizer/farm/queue-settings";
import { PrintOptionsSchema } from "@printernizer/printers";
import { adminProcedure, createTRPCRouter, operatorProcedure, viewerProcedure } from "../trpc";

const id = (what: string) =>
  z
    .string({ message: `Which ${what}? Its id is missing.` })
    .min(1, `Which ${what}? Its id is missing.`)
    .max(100, `That is not a ${what} id.`);

const copies = z
  .number({ message: "Copies must be a number." })
  .int("Copies must be a whole number.")
  .min(1, "Print at least one copy.")
  .max(maxCopies, `At most ${maxCopies} copies per entry; add another entry for more.`);
const priority = z
  .number({ message: "Priority must be a number." })
  .int("Priority must be a whole number.")
  .min(-100, "Priority goes from -100 to 100.")
  .max(100, "Priority goes from -100 to 100.");

export const ZQueueTargetSchema = z.discriminatedUnion(
  "target",
  [
    z.object({ target: z.literal("printer"), printerId: id("printer") }),
    z.object({
      target: z.literal("models"),
      models: z
        .array(z.string().trim().min(1, "A model name is empty.").max(100, "That model name is too long."))
        .min(1, "Name at least one printer model.")
        .max(50, "At most 50 models per entry."),
    }),
    z.object({ target: z.literal("any") }),
  ],
  { message: "The target must be one printer, printers of given models, or any compatible printer." },
);

export const ZQueueAddSchema = z.object({
  libraryFileId: id("library file"),
  plate: z
    .number({ message: "The plate must be a number." })
    .int("The plate must be a whole number.")
    .min(1, "Plates are numbered from 1.")
    .max(1_000, "That plate number is too high.")
    .default(1),
  copies: copies.default(1),
  target: ZQueueTargetSchema,
  priority: priority.default(0),
  options: PrintOptionsSchema.default(PrintOptionsSchema.parse({})),
});

export const ZQueueUpdateSchema = z
  .object({ entryId: id("queue entry"), copies: copies.optional(), priority: priority.optional() })
  .extend({ target: ZQueueTargetSchema.optional() })
  .refine((v) => v.copies !== undefined || v.priority !== undefined || v.target !== undefined, {
    message: "Nothing to change: give copies, priority or target.",
  });

export const ZQueueReorderSchema = z.object({
  entryId: id("queue entry"),
  anchorId: id("queue entry to move it next to"),
  placement: z.enum(["before", "after"], { message: "Place it before or after the other entry." }),
});

export const ZQueueEntrySchema = z.object({ entryId: id("queue entry") });

export const ZQueueListSchema = z
  .object({
    finishedLimit: z
      .number()
      .int()
      .min(0, "Ask for zero or more finished entries.")
      .max(500, "At most 500 finished entries at a time.")
      .default(50),
  })
  .default({ finishedLimit: 50 });

export const ZQueueSettingsSchema = z
  .object({
    maxHeating: z
      .number({ message: "The number of printers heating at once must be a number." })
      .int("The number of printers heating at once must be a whole number.")
      .min(
        1,
        "At least one printer must be allowed to heat up, or nothing ever starts; pause the queue instead.",
      )
      .max(maxHeatingLimit, `At most ${maxHeatingLimit} printers heating at once.`)
      .optional(),
    prestage: z.boolean({ message: "Pre-staging is on or off." }).optional(),
  })
  .refine((v) => v.maxHeating !== undefined || v.prestage !== undefined, {
    message: "Nothing to change: give maxHeating or prestage.",
  });

function targetInput(target: z.infer<typeof ZQueueTargetSchema>) {
  return target.target === "printer"
    ? { target: target.target, printerId: target.printerId }
    : target.target === "models"
      ? { target: target.target, models: target.models }
      : { target: target.target };
}

/** A refused queue change: audited as a failure (unless the entry does not exist) and answered in words. */
async function refused(ctx: AuditContext, action: string, error: unknown, targetId?: string): Promise<never> {
  if (!(error instanceof QueueError)) throw error;
  if (error.reason !== "not_found")
    await recordAudit(ctx, {
      action,
      outcome: "failure",
      targetType: "queue_entry",
      targetId,
      details: { reason: error.message },
    });
  throw new TRPCError({
    code:
      error.reason === "not_found" ? "NOT_FOUND" : error.reason === "conflict" ? "CONFLICT" : "BAD_REQUEST",
    message: error.message,
    cause: error,
  });
}

export const queueRouter = createTRPCRouter({
  /** Waiting entries in dispatch order, then the latest done or cancelled ones, with their starts. */
  list: viewerProcedure.input(ZQueueListSchema).query(async ({ ctx, input }) => {
    const [entries, settings, paused] = await Promise.all([
      listQueue(ctx.db, input),
      readQueueSettings(ctx.db),
      queuePauseRecord(ctx.db),
    ]);
    // pausedBy: who paused the queue and when (from the audit log), while it is paused
    return { ...entries, settings, pausedBy: settings.paused ? paused : null };
  }),

  get: viewerProcedure.input(ZQueueEntrySchema).query(async ({ ctx, input }) => {
    const entry = await getQueueEntry(ctx.db, input.entryId);
    if (!entry)
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "There is no such queue entry; it may have been removed.",
      });
    return entry;
  }),

  add: operatorProcedure.input(ZQueueAddSchema).mutation(async ({ ctx, input }) => {
    try {
      const entry = await addQueueEntry(ctx.db, {
        ...input,
        ...targetInput(input.target),
        createdById: ctx.session.user.id,
      });
      await recordAudit(ctx, {
        action: "queue.add",
        targetType: "queue_entry",
        targetId: entry.id,
        details: {
          libraryFileId: input.libraryFileId,
          plate: input.plate,
          copies: input.copies,
          priority: input.priority,
          target: input.target,
        },
      });
      return { entryId: entry.id };
    } catch (error) {
      return refused(ctx, "queue.add", error);
    }
  }),

  update: operatorProcedure.input(ZQueueUpdateSchema).mutation(async ({ ctx, input }) => {
    try {
      const entry = await updateQueueEntry(ctx.db, {
        entryId: input.entryId,
        copies: input.copies,
        priority: input.priority,
        target: input.target && targetInput(input.target),
      });
      await recordAudit(ctx, {
        action: "queue.update",
        targetType: "queue_entry",
        targetId: entry.id,
        details: { copies: input.copies, priority: input.priority, target: input.target },
      });
      return { entryId: entry.id, status: entry.status };
    } catch (error) {
      return refused(ctx, "queue.update", error, input.entryId);
    }
  }),

  /** Moves an entry just before or after another (drag and drop); it takes that entry's priority. */
  reorder: operatorProcedure.input(ZQueueReorderSchema).mutation(async ({ ctx, input }) => {
    try {
      const entry = await reorderQueueEntry(ctx.db, input);
      await recordAudit(ctx, {
        action: "queue.reorder",
        targetType: "queue_entry",
        targetId: entry.id,
        details: { placement: input.placement, anchorId: input.anchorId, priority: entry.priority },
      });
      return { entryId: entry.id, priority: entry.priority };
    } catch (error) {
      return refused(ctx, "queue.reorder", error, input.entryId);
    }
  }),

  /** Nothing more of the entry is dispatched; prints already running go on. */
  cancel: operatorProcedure.input(ZQueueEntrySchema).mutation(async ({ ctx, input }) => {
    try {
      const entry = await cancelQueueEntry(ctx.db, input.entryId);
      await recordAudit(ctx, { action: "queue.cancel", targetType: "queue_entry", targetId: entry.id });
      return { entryId: entry.id };
    } catch (error) {
      return refused(ctx, "queue.cancel", error, input.entryId);
    }
  }),

  /** Stops dispatching (uploads and prints already running go on). */
  pause: operatorProcedure.mutation(async ({ ctx }) => {
    const settings = await updateQueueSettings(ctx.db, { paused: true });
    await recordAudit(ctx, { action: "queue.pause", targetType: "queue" });
    return settings;
  }),

  resume: operatorProcedure.mutation(async ({ ctx }) => {
    const settings = await updateQueueSettings(ctx.db, { paused: false });
    await recordAudit(ctx, { action: "queue.resume", targetType: "queue" });
    return settings;
  }),

  settings: viewerProcedure.query(({ ctx }) => readQueueSettings(ctx.db)),

  /** How many printers may heat up at once, and whether files are pre-staged. */
  updateSettings: adminProcedure.input(ZQueueSettingsSchema).mutation(async ({ ctx, input }) => {
    const settings = await updateQueueSettings(ctx.db, input);
    await recordAudit(ctx, { action: "queue.settings", targetType: "queue", details: input });
    return settings;
  }),
});
