// Printing library files: the start dialog's check, the start (checked again here), "print again"
// of a job, and the list of recent starts with their upload progress. The worker uploads and
// starts; these procedures write the PrintStart + start_print command (farm/print-requests).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit, type AuditContext } from "@printernizer/farm/audit";
import {
  checkPrint,
  PrintRequestError,
  reprintOf,
  requestPrint,
  type PrintRequest,
} from "@printernizer/farm/print-requests";
import { listPrintStarts } from "@printernizer/farm/print-requests-list";
import { PrintOptionsSchema } from "@printernizer/printers";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "../trpc";

const id = (what: string) =>
  z
    .string({ message: `Which ${what}? The ${what} id is missing.` })
    .min(1, `Which ${what}? The ${what} id is missing.`)
    .max(100, `That is not a ${what} id.`);

const plate = z
  .number({ message: "The plate must be a number." })
  .int("The plate must be a whole number.")
  .min(1, "Plates are numbered from 1.")
  .max(1_000, "No file has that many plates.")
  .default(1);

const amsMapping = PrintOptionsSchema.shape.amsMapping;

export const ZPrintCheckSchema = z.object({
  libraryFileId: id("library file"),
  printerId: id("printer"),
  plate,
  useAms: z.boolean().optional(),
  amsMapping,
});
export const ZPrintStartSchema = z.object({
  libraryFileId: id("library file"),
  printerId: id("printer"),
  plate,
  options: PrintOptionsSchema.default({
    bedLevelling: true,
    flowCalibration: true,
    timelapse: false,
    useAms: true,
  }),
  override: z.boolean().default(false),
});
export const ZReprintSchema = z.object({
  jobId: id("job"),
  /** Another printer than the job's; the same checks apply. */
  printerId: id("printer").optional(),
  override: z.boolean().default(false),
});
export const ZPrintStartsSchema = z.object({
  printerId: id("printer").optional(),
  limit: z.number().int().min(1).max(100, "Ask for at most 100 starts at a time.").default(20),
});

const refusalCode = {
  not_found: "NOT_FOUND",
  not_ready: "CONFLICT",
  blocked: "PRECONDITION_FAILED",
  needs_override: "PRECONDITION_FAILED",
  nothing_to_reprint: "PRECONDITION_FAILED",
} as const;

function refused(error: unknown): never {
  if (!(error instanceof PrintRequestError)) throw error;
  throw new TRPCError({ code: refusalCode[error.reason], message: error.message, cause: error });
}

/** Starts (or refuses) and writes the audit entry either way. */
async function startAndAudit(ctx: AuditContext, request: PrintRequest, action: string, jobId?: string) {
  try {
    const { printStart, check, overrides } = await requestPrint(ctx.db, request);
    await recordAudit(ctx, {
      action,
      targetType: "printer",
      targetId: check.printer.id,
      targetLabel: check.printer.name,
      details: {
        printStartId: printStart.id,
        libraryFileId: check.file.id,
        file: check.file.name,
        plate: request.plate,
        overrides,
        ...(jobId ? { jobId } : {}),
      },
    });
    return { printStartId: printStart.id, commandId: printStart.commandId! };
  } catch (error) {
    if (error instanceof PrintRequestError && error.reason !== "not_found")
      await recordAudit(ctx, {
        action,
        outcome: "failure",
        targetType: "printer",
        targetId: request.printerId,
        details: { libraryFileId: request.libraryFileId, plate: request.plate, reason: error.message },
      });
    refused(error);
  }
}

export const printRouter = createTRPCRouter({
  /** May this file (plate) start on this printer now: readiness, compatibility, filament slots, default options. */
  check: viewerProcedure.input(ZPrintCheckSchema).query(({ ctx, input }) =>
    checkPrint(ctx.db, {
      libraryFileId: input.libraryFileId,
      printerId: input.printerId,
      plate: input.plate,
      ...(input.useAms !== undefined ? { useAms: input.useAms } : {}),
      ...(input.amsMapping ? { amsMapping: input.amsMapping } : {}),
    }).catch(refused),
  ),

  /** Starts a library file: refused when the printer is not ready, blocked, or mismatched without override. */
  start: operatorProcedure
    .input(ZPrintStartSchema)
    .mutation(({ ctx, input }) =>
      startAndAudit(ctx, { ...input, requestedById: ctx.session.user.id }, "print.start"),
    ),

  /** "Print again": the job's file, plate and options, on the same printer or another. */
  reprint: operatorProcedure.input(ZReprintSchema).mutation(async ({ ctx, input }) => {
    const earlier = await reprintOf(ctx.db, input.jobId).catch(refused);
    return startAndAudit(
      ctx,
      {
        libraryFileId: earlier.libraryFileId,
        printerId: input.printerId ?? earlier.printerId,
        plate: earlier.plate,
        options: earlier.options,
        override: input.override,
        requestedById: ctx.session.user.id,
      },
      "print.reprint",
      input.jobId,
    );
  }),

  /** Recent starts (newest first) with status, error and live upload progress. */
  starts: viewerProcedure.input(ZPrintStartsSchema).query(({ ctx, input }) =>
    listPrintStarts(ctx.db, {
      limit: input.limit,
      ...(input.printerId ? { printerId: input.printerId } : {}),
    }),
  ),
});
