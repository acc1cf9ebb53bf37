// The file library: viewers list and open files, admins delete them. Uploads are not a
// procedure: the bytes stream to POST /api/library/upload (apps/web), which keeps them through
// the same farm module.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "@printernizer/farm/audit";
import {
  deleteLibraryFile,
  getLibraryFile,
  listLibrary,
  ZLibraryListSchema,
} from "@printernizer/farm/library";
import { LibraryFileError } from "@printernizer/farm/library-import";
import { adminProcedure, createTRPCRouter, requireFileStore, viewerProcedure } from "../trpc";

export const ZLibraryFileIdSchema = z.object({
  id: z
    .string({ message: "Which file? The file id is missing." })
    .min(1, "Which file? The file id is missing.")
    .max(100, "That is not a file id."),
});

const notFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "This file is not in the library any more. Reload the page." });

export const libraryRouter = createTRPCRouter({
  /** One page of the library: search by name, slicer or printer model; sort by date, name, size or print time. */
  list: viewerProcedure.input(ZLibraryListSchema).query(({ ctx, input }) => listLibrary(ctx.db, input)),

  /** A file's metadata, plates with their pictures, and the printers it was started on. */
  get: viewerProcedure.input(ZLibraryFileIdSchema).query(async ({ ctx, input }) => {
    const file = await getLibraryFile(ctx.db, input.id);
    if (!file) throw notFound();
    return file;
  }),

  /** Deletes a file and the stored bytes nothing else uses; refused while the queue still waits for it. */
  delete: adminProcedure.input(ZLibraryFileIdSchema).mutation(async ({ ctx, input }) => {
    try {
      const deleted = await deleteLibraryFile(ctx.db, requireFileStore(ctx), input.id);
      await recordAudit(ctx, {
        action: "library.delete",
        targetType: "library_file",
        targetId: deleted.id,
        targetLabel: deleted.name,
        details: { removedBlobs: deleted.removedBlobs },
      });
      return { id: deleted.id };
    } catch (error) {
      if (error instanceof LibraryFileError)
        throw new TRPCError({
          code: error.status === 404 ? "NOT_FOUND" : "CONFLICT",
          message: error.message,
          cause: error,
        });
      throw error;
    }
  }),
});
