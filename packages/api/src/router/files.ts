import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "@printernizer/farm/audit";
import {
  FileRequestError,
  listPrinterFiles,
  prepareFileDownload,
  requestFileRefresh,
} from "@printernizer/farm/printer-files";
import { createTRPCRouter, operatorProcedure, viewerProcedure } from "../trpc";
import { ZPrinterIdSchema } from "./printer";

export const ZFileIdSchema = z.object({
  fileId: z
    .string({ message: "Which file? The file id is missing." })
    .min(1, "Which file? The file id is missing.")
    .max(100, "That is not a file id."),
});

export const filesRouter = createTRPCRouter({
  /** The printer's storage as last listed (folders flattened into paths). */
  list: viewerProcedure
    .input(ZPrinterIdSchema)
    .query(({ ctx, input }) => listPrinterFiles(ctx.db, input.printerId)),

  /** Asks the printer's worker to list its storage again. */
  refresh: operatorProcedure.input(ZPrinterIdSchema).mutation(async ({ ctx, input }) => {
    try {
      const { printer, command } = await requestFileRefresh(ctx.db, input.printerId, ctx.session.user.id);
      await recordAudit(ctx, {
        action: "printer.files_refresh",
        targetType: "printer",
        targetId: printer.id,
        targetLabel: printer.name,
        details: { commandId: command.id },
      });
      return { commandId: command.id };
    } catch (error) {
      if (error instanceof FileRequestError)
        throw new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
      throw error;
    }
  }),

  /**
   * Gets a file ready for download through the app: at once when already stored, else
   * after the download_file command (commandId) is done. Then GET /api/files/<fileId>.
   */
  download: operatorProcedure.input(ZFileIdSchema).mutation(async ({ ctx, input }) => {
    try {
      const { file, command } = await prepareFileDownload(ctx.db, {
        fileId: input.fileId,
        requestedById: ctx.session.user.id,
      });
      await recordAudit(ctx, {
        action: "file.download",
        targetType: "printer_file",
        targetId: file.id,
        targetLabel: `${file.printerName}: ${file.name}`,
        details: command ? { commandId: command.id } : {},
      });
      return { fileId: file.id, fileName: file.name, commandId: command?.id ?? null };
    } catch (error) {
      if (error instanceof FileRequestError)
        throw new TRPCError({ code: "NOT_FOUND", message: error.message, cause: error });
      throw error;
    }
  }),
});
