// Puts a library file on a printer: reuses a copy staged there in advance when the printer
// still has it (same size), otherwise streams the blob from the file store through the
// adapter (a fresh stream per `open()`, never the whole file in memory), within the worker's
// upload slots, reporting progress and giving up on a stalled or endless upload.
import type { Db } from "@printernizer/db";
import type { CommandResult } from "@printernizer/farm/command-contract";
import type { FileStore } from "@printernizer/file-store";
import { PrinterConflictError, type PrinterAdapter } from "@printernizer/printers";
import type { ProgressWriter } from "./progress-writer";
import { UploadDeadline } from "./upload-deadline";
import type { UploadSlots } from "./upload-slots";

export type UploadOutcome = CommandResult<"start_print">;

export interface LibraryUploadDeps {
  db: Db;
  store: FileStore;
  slots: UploadSlots;
}

export interface LibraryUpload {
  printerId: string;
  adapter: PrinterAdapter;
  file: { sha256: string; size: number; name: string };
  progress: ProgressWriter;
  signal: AbortSignal;
  /** Called with the bytes sent (throttled by the caller's progress writer, or not at all). */
  onBytes?(bytesSent: number): void;
}

/** The path of a copy staged on the printer that is still there, if any. */
export async function stagedCopy(
  deps: LibraryUploadDeps,
  upload: LibraryUpload,
): Promise<string | undefined> {
  const staged = await deps.db.stagedFile.findUnique({
    where: { printerId_sha256: { printerId: upload.printerId, sha256: upload.file.sha256 } },
  });
  if (staged?.status !== "ready") return undefined;
  upload.progress.step({ step: "checking", message: "Checking the copy sent to the printer in advance" });
  const there = await upload.adapter
    .hasFile(staged.remoteName, upload.file.size, upload.signal)
    .catch(() => false);
  return there ? staged.remoteName : undefined;
}

/** Uploads the file (no staged-copy check): the printer's path, bytes and seconds. */
export async function uploadLibraryFile(
  deps: LibraryUploadDeps,
  upload: LibraryUpload,
): Promise<UploadOutcome> {
  const { file, progress } = upload;
  if (!(await deps.store.has(file.sha256)))
    throw new PrinterConflictError(
      `The bytes of "${file.name}" are missing from the file store; upload the file to the library again.`,
    );
  const release = await deps.slots.acquire(upload.signal, () =>
    progress.step({ step: "checking", message: "Waiting for another upload to finish" }),
  );
  const deadline = new UploadDeadline(upload.signal, file.size);
  const started = performance.now();
  try {
    progress.step({
      step: "uploading",
      bytesSent: 0,
      totalBytes: file.size,
      message: "Uploading the file to the printer",
    });
    const uploaded = await upload.adapter
      .uploadFile({
        name: file.name,
        size: file.size,
        open: () => deps.store.open(file.sha256),
        onProgress: ({ bytesSent, totalBytes }) => {
          deadline.touch();
          progress.bytes(bytesSent, totalBytes);
          upload.onBytes?.(bytesSent);
        },
        signal: deadline.signal,
      })
      .catch((error: unknown) => {
        // the adapter's own words for an abort are "aborted": ours say why
        throw deadline.signal.aborted ? deadline.signal.reason : error;
      });
    return {
      remotePath: uploaded.path,
      uploaded: true,
      bytes: file.size,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    deadline.dispose();
    release();
  }
}

/**
 * Remembers a file the printer now has, so a later start of the same bytes skips the upload. Other
 * bytes staged under the same path were just overwritten: forgotten, or a start of them would
 * print this file (`hasFile` can only compare sizes).
 */
export async function recordStaged(
  db: Db,
  printerId: string,
  sha256: string,
  path: string,
  size: number,
  queueEntryId?: string,
): Promise<void> {
  const data = { remoteName: path, status: "ready", bytesSent: BigInt(size), error: null, queueEntryId };
  await db.$transaction([
    db.stagedFile.deleteMany({ where: { printerId, remoteName: path, sha256: { not: sha256 } } }),
    db.stagedFile.upsert({
      where: { printerId_sha256: { printerId, sha256 } },
      create: { printerId, sha256, ...data },
      update: data,
    }),
  ]);
}
