import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Db } from "@printernizer/db";
import { listAdminPrinters, loadStoredPrinter, rowData, testPrinterConnection } from "@printernizer/farm/admin-printers";
import { recordAudit } from "@printernizer/farm/audit";
import { PrinterFormError, printerRowFromForm, ZPrinterFormSchema } from "@printernizer/farm/printer-form";
import { adminProcedure, createTRPCRouter, requireCipher } from "../trpc";

const ZPrinterIdSchema = z.object({ id: z.string().min(1, "Which printer?").max(64) });

/** Runs `fn`; a form error (a field missing or invalid) becomes BAD_REQUEST with its message. */
async function formError<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PrinterFormError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
    throw error;
  }
}

async function existingOrThrow(ctx: Parameters<typeof requireCipher>[0] & { db: Db }, id: string) {
  const existing = await loadStoredPrinter(ctx.db, requireCipher(ctx), id);
  if (!existing) throw new TRPCError({ code: "NOT_FOUND", message: "That printer no longer exists; reload the page." });
  return existing;
}

function nameTaken(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export const adminPrintersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listAdminPrinters(ctx.db, requireCipher(ctx))),

  create: adminProcedure.input(ZPrinterFormSchema).mutation(async ({ ctx, input }) => {
    const row = await formError(() => printerRowFromForm(input));
    try {
      const printer = await ctx.db.printer.create({ data: { kind: row.kind as "bambu" | "prusalink", ...rowData(row, requireCipher(ctx)) }, select: { id: true, name: true } });
      await recordAudit(ctx, { action: "printer.create", targetType: "printer", targetId: printer.id, targetLabel: printer.name, details: { kind: row.kind, host: row.host } });
      return printer;
    } catch (error) {
      if (nameTaken(error)) throw new TRPCError({ code: "CONFLICT", message: `A printer named "${row.name}" already exists; choose another name.` });
      throw error;
    }
  }),

  update: adminProcedure.input(ZPrinterFormSchema.extend({ id: z.string().min(1).max(64) })).mutation(async ({ ctx, input }) => {
    const { row: saved, stored } = await existingOrThrow(ctx, input.id);
    const row = await formError(() => printerRowFromForm(input, stored));
    try {
      await ctx.db.printer.update({ where: { id: saved.id }, data: rowData(row, requireCipher(ctx)) });
    } catch (error) {
      if (nameTaken(error)) throw new TRPCError({ code: "CONFLICT", message: `A printer named "${row.name}" already exists; choose another name.` });
      throw error;
    }
    await recordAudit(ctx, { action: "printer.update", targetType: "printer", targetId: saved.id, targetLabel: row.name, details: { changed: row.changed } });
    return { id: saved.id, changed: row.changed };
  }),

  setEnabled: adminProcedure.input(ZPrinterIdSchema.extend({ enabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const { row } = await existingOrThrow(ctx, input.id);
    await ctx.db.printer.update({ where: { id: row.id }, data: { enabled: input.enabled } });
    await recordAudit(ctx, { action: input.enabled ? "printer.enable" : "printer.disable", targetType: "printer", targetId: row.id, targetLabel: row.name });
    return { id: row.id, enabled: input.enabled };
  }),

  remove: adminProcedure.input(ZPrinterIdSchema).mutation(async ({ ctx, input }) => {
    const { row } = await existingOrThrow(ctx, input.id);
    await ctx.db.printer.delete({ where: { id: row.id } });
    await recordAudit(ctx, { action: "printer.remove", targetType: "printer", targetId: row.id, targetLabel: row.name, details: { kind: row.kind, host: row.host } });
    return { id: row.id };
  }),

  /** Tests the configuration as typed (before saving, or while editing) through a worker. */
  testConnection: adminProcedure.input(ZPrinterFormSchema.extend({ id: z.string().min(1).max(64).optional() })).mutation(async ({ ctx, input }) => {
    if (input.id) await existingOrThrow(ctx, input.id);
    const outcome = await formError(() => testPrinterConnection(ctx.db, requireCipher(ctx), input, { printerId: input.id, requestedById: ctx.session.user.id }));
    const ok = outcome.status === "done" && outcome.result?.ok === true;
    await recordAudit(ctx, {
      action: "printer.test_connection",
      outcome: ok ? "success" : "failure",
      targetType: "printer",
      targetId: input.id,
      targetLabel: input.name,
      details: { kind: input.kind, host: input.host, result: outcome.result && !outcome.result.ok ? outcome.result.reason : outcome.status },
    });
    return outcome;
  }),
});
