// Turning an uploaded file into a library file: the bytes arrive in the store's tmp directory
// (FileStore.stage, streamed, never whole in memory), are read for their metadata, and only a
// readable print file is kept: blob, thumbnails (main and per plate) and the LibraryFile row are
// written together. Anything that goes wrong leaves nothing behind: no tmp file, no blob, no row.
// The upload route and the demo farm's library both come through here.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { Db } from "@printernizer/db";
import {
  FileMetadataSchema,
  formatOfName,
  readPrintFile,
  type FileMetadata,
  type ThumbnailImage,
} from "@printernizer/file-meta";
import type { FileStore, StagedBlob } from "@printernizer/file-store";
import { lockBlobs, releaseBlobs } from "./library-blobs";

export const supportedLibraryFormats = ".gcode, .bgcode or a sliced .3mf (e.g. .gcode.3mf)";

/** A name or file the library refuses, with a message for a person; `status` is the HTTP answer. */
export class LibraryFileError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "LibraryFileError";
  }
}

/** What is wrong with an uploaded file's name, or null. */
export function libraryFileNameProblem(name: string): LibraryFileError | null {
  if (name.trim() === "") return new LibraryFileError(400, "The file has no name.");
  if (name.length > 255) return new LibraryFileError(400, "The file name is longer than 255 characters.");
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f/\\]/.test(name) || name === "." || name === "..")
    return new LibraryFileError(
      400,
      `"${name}" is not a plain file name (no folders or control characters).`,
    );
  if (!formatOfName(name))
    return new LibraryFileError(
      415,
      `"${name}" is not a print file Printernizer can store: upload ${supportedLibraryFormats}.`,
    );
  return null;
}

export interface LibraryFileSummary {
  id: string;
  name: string;
  format: string;
  size: number;
  sha256: string;
  thumbnailSha256: string | null;
  metadata: FileMetadata;
  createdAt: Date;
}

// Browsers show PNG and JPEG; a QOI picture (PrusaSlicer can write them) is not kept.
const showable = (image: ThumbnailImage) => image.format === "png" || image.format === "jpg";

/**
 * Reads the staged upload, then keeps it as a library file named `name`. Throws the reader's
 * UnreadablePrintFileError (bad file) or LibraryFileError (bad name); the staged file is gone
 * either way once this returns or throws.
 */
export async function importLibraryFile(
  db: Db,
  store: FileStore,
  input: { staged: StagedBlob; name: string; uploadedById?: string | null },
): Promise<LibraryFileSummary> {
  const { staged, name } = input;
  const touched = new Set<string>([staged.sha256]);
  try {
    const nameProblem = libraryFileNameProblem(name);
    if (nameProblem) throw nameProblem;
    const contents = await readPrintFile(staged.path, name);
    const images = contents.thumbnails.filter(showable);
    return await db.$transaction(
      async (tx) => {
        const thumbnails = images.map((image) => ({ image, sha256: sha256Of(image.data) }));
        for (const t of thumbnails) touched.add(t.sha256);
        // locked before anything is written under these names (see library-blobs.ts)
        await lockBlobs(tx, touched);
        for (const t of thumbnails) await store.put(Readable.from([t.image.data]));
        await store.commit(staged);
        const plateThumbnail = new Map(thumbnails.map((t) => [t.image.plate, t.sha256]));
        const main = thumbnails.find((t) => t.image.plate === undefined) ?? thumbnails[0];
        const metadata = FileMetadataSchema.parse({
          ...contents.metadata,
          plates: contents.metadata.plates.map((plate) => ({
            ...plate,
            thumbnailSha256: plateThumbnail.get(plate.index) ?? plate.thumbnailSha256,
          })),
        });
        const row = await tx.libraryFile.create({
          data: {
            sha256: staged.sha256,
            name,
            format: metadata.format,
            size: BigInt(staged.size),
            metadata,
            thumbnailSha256: main?.sha256 ?? null,
            uploadedById: input.uploadedById ?? null,
          },
        });
        return { ...row, size: Number(row.size), metadata };
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    await store.discard(staged);
    await releaseBlobs(db, store, [...touched]);
    throw error;
  }
}

function sha256Of(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
