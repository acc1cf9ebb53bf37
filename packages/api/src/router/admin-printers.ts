import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  createPrinter,
  listAdminPrinters,
  PrinterNameTakenError,
  removePrinter,
  setPrinterEnabled,
  testPrinterConnection,
  updatePrinter,
} from "@printernizer/farm/admin-printers";
import { recordAudit } from "@printernizer/farm/audit";
import { PrinterFormError, ZPrinterFormSchema } from "@printernizer/farm/printer-form";
import { adminProcedure, createTRPCRouter, requireCipher } from "../trpc";

const ZPrinterIdSchema = z.object({ id: z.string().min(1, "Which printer?").max(64) });
const notFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "That printer no longer exists; reload the page." });

/** Runs `fn`; a form error (a field missing or invalid) becomes BAD_REQUEST, a taken name CONFLICT, with their messages. */
async function formError<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PrinterFormError)
      throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    if (error instanceof PrinterNameTakenError)
      throw new TRPCError({ code: "CONFLICT", message: error.message, cause: error });
    throw error;
  }
}

export const adminPrintersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listAdminPrinters(ctx.db, requireCipher(ctx))),

  create: adminProcedure.input(ZPrinterFormSchema).mutation(async ({ ctx, input }) => {
    const printer = await formError(() => createPrinter(ctx.db, requireCipher(ctx), input));
    await recordAudit(ctx, {
      action: "printer.create",
      targetType: "printer",
      targetId: printer.id,
      targetLabel: printer.name,
      details: { kind: printer.kind, host: printer.host },
    });
    return { id: printer.id, name: printer.name };
  }),

  update: adminProcedure
    .input(ZPrinterFormSchema.extend({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      const saved = await formError(() => updatePrinter(ctx.db, requireCipher(ctx), input.id, input));
      if (!saved) throw notFound();
      await recordAudit(ctx, {
        action: "printer.update",
        targetType: "printer",
        targetId: saved.id,
        targetLabel: saved.name,
        details: { changed: saved.changed },
      });
      return { id: saved.id, changed: saved.changed };
    }),

  setEnabled: adminProcedure
    .input(ZPrinterIdSchema.extend({ enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const printer = await setPrinterEnabled(ctx.db, input.id, input.enabled);
      if (!printer) throw notFound();
      await recordAudit(ctx, {
        action: input.enabled ? "printer.enable" : "printer.disable",
        targetType: "printer",
        targetId: printer.id,
        targetLabel: printer.name,
      });
      return { id: printer.id, enabled: input.enabled };
    }),

  remove: adminProcedure.input(ZPrinterIdSchema).mutation(async ({ ctx, input }) => {
    const printer = await removePrinter(ctx.db, input.id);
    if (!printer) throw notFound();
    await recordAudit(ctx, {
      action: "printer.remove",
      targetType: "printer",
      targetId: printer.id,
      targetLabel: printer.name,
      details: { kind: printer.kind, host: printer.host },
    });
    return { id: printer.id };
  }),

  /** Tests the configuration as typed (before saving, or while editing) through a worker. */
  testConnection: adminProcedure
    .input(ZPrinterFormSchema.extend({ id: z.string().min(1).max(64).optional() }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await formError(() =>
        testPrinterConnection(ctx.db, requireCipher(ctx), input, {
          printerId: input.id,
          requestedById: ctx.session.user.id,
        }),
      );
      if (!outcome) throw notFound();
      const ok = outcome.status === "done" && outcome.result?.ok === true;
      await recordAudit(ctx, {
        action: "printer.test_connection",
        outcome: ok ? "success" : "failure",
        targetType: "printer",
        targetId: input.id,
        targetLabel: input.name,
        details: {
          kind: input.kind,
          host: input.host,
          result: outcome.result && !outcome.result.ok ? outcome.result.reason : outcome.status,
        },
      });
      return outcome;
    }),
});
