// The file library: print files uploaded to the farm (library-import.ts keeps them), listed,
// searched and sorted for the library page, shown one by one with their plates and where they
// were started, and deleted by admins. A file a queued entry still waits for, or one being sent
// to a printer right now, is not deleted (the entry would fail later for no visible reason);
// finished and cancelled queue entries of the file go with it, print starts keep their history
// without the file (their libraryFileId becomes null).
import { z } from "zod";
import { Prisma, type Db, type PrintStartStatus } from "@printernizer/db";
import { FileMetadataSchema, type FileMetadata } from "@printernizer/file-meta";
import type { FileStore } from "@printernizer/file-store";
import { slicerModelIdsMatching } from "@printernizer/printers/kinds";
import { lockBlobs, removeUnusedBlobs } from "./library-blobs";
import { LibraryFileError, type LibraryFileSummary } from "./library-import";
import { notify } from "./notify";

export const librarySorts = ["date", "name", "size", "time"] as const;

export const ZLibraryListSchema = z.object({
  /** Part of the name, the slicer or the printer model the file was sliced for (its id or its name). */
  search: z.string().trim().max(200, "Search for at most 200 characters.").optional(),
  sort: z.enum(librarySorts).default("date"),
  direction: z.enum(["asc", "desc"]).optional(),
  page: z.number().int().min(1, "Pages start at 1.").max(100_000).default(1),
  pageSize: z
    .number()
    .int()
    .min(1, "Ask for at least one file.")
    .max(100, "At most 100 files per page.")
    .default(50),
});
export type LibraryListInput = z.input<typeof ZLibraryListSchema>;

export interface LibraryPage {
  items: LibraryFileSummary[];
  total: number;
  page: number;
  pageSize: number;
}

const orderBy: Record<(typeof librarySorts)[number], Prisma.Sql> = {
  date: Prisma.sql`"createdAt"`,
  name: Prisma.sql`lower("name")`,
  size: Prisma.sql`"size"`,
  time: Prisma.sql`("metadata"->>'estimatedSeconds')::bigint`,
};

interface LibraryRow {
  id: string;
  name: string;
  format: string;
  size: bigint;
  sha256: string;
  thumbnailSha256: string | null;
  metadata: unknown;
  createdAt: Date;
}

function summary(row: LibraryRow): LibraryFileSummary {
  return { ...row, size: Number(row.size), metadata: readMetadata(row.metadata, row.format) };
}

/** Stored metadata as the schema says; a row from an older reader that no longer fits shows as unknown. */
function readMetadata(value: unknown, format: string): FileMetadata {
  const parsed = FileMetadataSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return {
    format: format === "bgcode" || format === "3mf" ? format : "gcode",
    filaments: [],
    plates: [],
    warnings: ["The stored metadata of this file could not be read; upload it again to read it anew."],
  };
}

export async function listLibrary(db: Db, input: LibraryListInput = {}): Promise<LibraryPage> {
  const { search, sort, page, pageSize, direction } = ZLibraryListSchema.parse(input);
  const dir =
    (direction ?? (sort === "name" ? "asc" : "desc")) === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // a 3MF names its printer by Bambu Studio's id ("BL-P001"): "X1" finds it through the model's name
  const modelIds = search ? slicerModelIdsMatching(search) : [];
  const byModelId =
    modelIds.length > 0 ? Prisma.sql` OR "metadata"->>'printerModel' = ANY(${modelIds})` : Prisma.empty;
  const where = pattern
    ? Prisma.sql`WHERE "name" ILIKE ${pattern} OR "metadata"->>'slicer' ILIKE ${pattern} OR "metadata"->>'printerModel' ILIKE ${pattern}${byModelId}`
    : Prisma.empty;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<LibraryRow[]>`
      SELECT "id", "name", "format", "size", "sha256", "thumbnailSha256", "metadata", "createdAt"
      FROM "LibraryFile" ${where}
      ORDER BY ${orderBy[sort]} ${dir} NULLS LAST, "createdAt" DESC, "id"
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "LibraryFile" ${where}`,
  ]);
  return { items: rows.map(summary), total: Number(counted[0]?.n ?? 0), page, pageSize };
}

export interface LibraryFileStart {
  id: string;
  printerId: string;
  printerName: string;
  plate: number;
  status: PrintStartStatus;
  error: string | null;
  jobId: string | null;
  createdAt: Date;
}

export interface LibraryFileDetail extends LibraryFileSummary {
  uploadedBy: string | null;
  /** The latest 50 print starts of this file, newest first. */
  starts: LibraryFileStart[];
  /** Queue entries still waiting to print this file. */
  queuedEntries: number;
}

export async function getLibraryFile(db: Db, id: string): Promise<LibraryFileDetail | null> {
  const row = await db.libraryFile.findUnique({ where: { id } });
  if (!row) return null;
  const [starts, queuedEntries, uploader] = await Promise.all([
    db.printStart.findMany({
      where: { libraryFileId: id },
      orderBy: { createdAt: "desc" },
      take: 50,
      include: { printer: { select: { name: true } } },
    }),
    db.queueEntry.count({ where: { libraryFileId: id, status: "queued" } }),
    row.uploadedById ? db.user.findUnique({ where: { id: row.uploadedById }, select: { name: true } }) : null,
  ]);
  return {
    ...summary(row),
    // the name only: viewers see the library, and e-mail addresses are for admins
    uploadedBy: uploader?.name || null,
    queuedEntries,
    starts: starts.map((s) => ({
      id: s.id,
      printerId: s.printerId,
      printerName: s.printer.name,
      plate: s.plate,
      status: s.status,
      error: s.error,
      jobId: s.jobId,
      createdAt: s.createdAt,
    })),
  };
}

/** Whether `sha256` is a library file's or plate's picture (the thumbnail route serves those to viewers). */
export async function isLibraryThumbnail(db: Db, sha256: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "LibraryFile" WHERE "thumbnailSha256" = ${sha256}
      OR jsonb_path_exists("metadata", '$.plates[*] ? (@.thumbnailSha256 == $s)', jsonb_build_object('s', ${sha256}::text))
    ) AS found`;
  return rows[0]?.found ?? false;
}

/**
 * Deletes a library file and every blob (file, pictures) nothing else refers to. Refused while a
 * queued entry waits for it or a start of it is still on its way to a printer.
 */
export async function deleteLibraryFile(
  db: Db,
  store: FileStore,
  id: string,
): Promise<{ id: string; name: string; removedBlobs: number }> {
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<
        LibraryRow[]
      >`SELECT * FROM "LibraryFile" WHERE "id" = ${id} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new LibraryFileError(404, "This file is not in the library any more. Reload the page.");
      const queued = await tx.queueEntry.count({ where: { libraryFileId: id, status: "queued" } });
      if (queued > 0)
        throw new LibraryFileError(
          409,
          `"${row.name}" is still waiting in the queue (${queued} ${queued === 1 ? "entry" : "entries"}). Remove ${queued === 1 ? "that entry" : "those entries"} from the queue first, then delete the file.`,
        );
      const sending = await tx.printStart.count({
        where: { libraryFileId: id, status: { in: ["pending", "uploading", "starting"] } },
      });
      if (sending > 0)
        throw new LibraryFileError(
          409,
          `"${row.name}" is being sent to a printer right now. Delete it once that start has finished or failed.`,
        );
      const metadata = readMetadata(row.metadata, row.format);
      const blobs = [
        row.sha256,
        row.thumbnailSha256,
        ...metadata.plates.map((p) => p.thumbnailSha256),
      ].filter((sha): sha is string => typeof sha === "string");
      await lockBlobs(tx, blobs);
      await tx.libraryFile.delete({ where: { id } });
      const removed = await removeUnusedBlobs(tx, store, blobs);
      await notify(tx, "queueChanged", id);
      return { id, name: row.name, removedBlobs: removed.length };
    },
    { timeout: 30_000 },
  );
}
