// One printer: its live view, its temperature history and the pause / resume / cancel controls.
// Its jobs and events are `jobs.list` / `events.list` filtered by printerId; the whole farm is `farm.list`.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "@printernizer/farm/audit";
import { printerCommandKinds } from "@printernizer/farm/control-rules";
import { temperatureHistory } from "@printernizer/farm/events";
import { ControlRefusedError, requestControl } from "@printernizer/farm/printer-control";
import { getPrinterDetail } from "@printernizer/farm/printer-detail";
import { confirmPlatesCleared } from "@printernizer/farm/print-requests-plate";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "../trpc";

const printerId = z
  .string({ message: "Which printer? The printer id is missing." })
  .min(1, "Which printer? The printer id is missing.")
  .max(100, "That is not a printer id.");

export const ZPrinterIdSchema = z.object({ printerId });
export const ZTemperatureHistorySchema = z.object({
  printerId,
  hours: z
    .number()
    .int()
    .min(1, "Show at least the last hour.")
    .max(24, "Temperatures are kept for at most a day here; ask for 24 hours or less.")
    .default(6),
});
export const ZPrinterCommandSchema = z.object({
  printerId,
  kind: z.enum(printerCommandKinds, { message: "The command must be pause, resume, cancel or reconnect." }),
});

export const ZConfirmPlateClearedSchema = z.object({
  printerIds: z
    .array(printerId)
    .min(1, "Choose at least one printer.")
    .max(500, "Confirm at most 500 printers at a time."),
});

export const printerRouter = createTRPCRouter({
  /** The printer with its live status, identity and open job (never credentials). */
  get: viewerProcedure.input(ZPrinterIdSchema).query(async ({ ctx, input }) => {
    const detail = await getPrinterDetail(ctx.db, input.printerId);
    if (!detail)
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "There is no such printer; it may have been removed.",
      });
    return detail;
  }),

  /** Temperature samples of the last hours, oldest first. */
  temperatures: viewerProcedure
    .input(ZTemperatureHistorySchema)
    .query(({ ctx, input }) => temperatureHistory(ctx.db, input.printerId, input.hours)),

  /** Pause, resume or cancel the current print; the worker owning the printer sends it. */
  command: operatorProcedure.input(ZPrinterCommandSchema).mutation(async ({ ctx, input }) => {
    try {
      const { command, printer } = await requestControl(ctx.db, {
        ...input,
        requestedById: ctx.session.user.id,
      });
      await recordAudit(ctx, {
        action: `printer.${input.kind}`,
        targetType: "printer",
        targetId: printer.id,
        targetLabel: printer.name,
        details: { commandId: command.id },
      });
      return { commandId: command.id };
    } catch (error) {
      if (!(error instanceof ControlRefusedError)) throw error;
      if (error.reason !== "not_found") {
        await recordAudit(ctx, {
          action: `printer.${input.kind}`,
          outcome: "failure",
          targetType: "printer",
          targetId: input.printerId,
          details: { reason: error.message },
        });
      }
      throw new TRPCError({
        code: error.reason === "not_found" ? "NOT_FOUND" : "CONFLICT",
        message: error.message,
        cause: error,
      });
    }
  }),

  /** "Plate cleared" on one or many printers: they may take the next print. Per-printer result. */
  confirmPlateCleared: operatorProcedure
    .input(ZConfirmPlateClearedSchema)
    .mutation(async ({ ctx, input }) => {
      const results = await confirmPlatesCleared(ctx.db, input.printerIds);
      for (const result of results.filter((r) => r.wasWaiting))
        await recordAudit(ctx, {
          action: "printer.plate_cleared",
          targetType: "printer",
          targetId: result.printerId,
          targetLabel: result.name ?? undefined,
        });
      return { results };
    }),
});
