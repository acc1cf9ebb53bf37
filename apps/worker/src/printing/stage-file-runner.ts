// Runs a stage_file command (queue pre-staging): uploads a library file to a printer in advance,
// without starting it. The StagedFile row goes uploading (bytesSent follows the progress) →
// ready (remoteName: the path on the printer) or failed with the reason; a later start_print of
// the same bytes on that printer uses it when the printer still has it.
import type { CommandPayload, CommandResult } from "@printernizer/farm/command-contract";
import { notify } from "@printernizer/farm/notify";
import type { Logger } from "@printernizer/logger";
import { PrinterConflictError, type PrinterAdapter } from "@printernizer/printers";
import { recordStaged, stagedCopy, uploadLibraryFile, type LibraryUploadDeps } from "./library-upload";
import { ProgressWriter } from "./progress-writer";

export interface StageFileJob {
  commandId: string;
  payload: CommandPayload<"stage_file">;
  printerId: string;
  adapter: PrinterAdapter;
  signal: AbortSignal;
  logger: Logger;
  describe(error: unknown): string;
}

export async function runStageFile(
  deps: LibraryUploadDeps,
  job: StageFileJob,
): Promise<CommandResult<"stage_file">> {
  const { db } = deps;
  const file = await db.libraryFile.findUnique({ where: { id: job.payload.libraryFileId } });
  if (!file) throw new PrinterConflictError("The library file was deleted; nothing to send to the printer.");
  const key = { printerId_sha256: { printerId: job.printerId, sha256: file.sha256 } };
  const size = Number(file.size);
  let bytesSent = 0;
  const progress = new ProgressWriter({
    logger: job.logger,
    write: (detail) =>
      db.$transaction([
        db.printerCommand.update({ where: { id: job.commandId }, data: { progress: detail } }),
        db.stagedFile.updateMany({
          where: { printerId: job.printerId, sha256: file.sha256, status: "uploading" },
          data: { bytesSent: BigInt(bytesSent) },
        }),
      ]),
  });
  // the queue page shows what is staged where
  const queueChanged = () =>
    job.payload.queueEntryId ? notify(db, "queueChanged", job.payload.queueEntryId) : Promise.resolve();
  const upload = {
    printerId: job.printerId,
    adapter: job.adapter,
    file: { sha256: file.sha256, size, name: file.name },
    progress,
    signal: job.signal,
    onBytes: (sent: number) => (bytesSent = sent),
  };
  try {
    const staged = await stagedCopy(deps, upload);
    if (staged) return { remotePath: staged, uploaded: false, bytes: size, seconds: 0 };
    const state = {
      remoteName: file.name,
      status: "uploading",
      bytesSent: 0n,
      error: null,
      queueEntryId: job.payload.queueEntryId,
    };
    await db.stagedFile.upsert({
      where: key,
      create: { printerId: job.printerId, sha256: file.sha256, ...state },
      update: state,
    });
    await queueChanged();
    const outcome = await uploadLibraryFile(deps, upload);
    await progress.close();
    await recordStaged(db, job.printerId, file.sha256, outcome.remotePath, size, job.payload.queueEntryId);
    await queueChanged();
    return outcome;
  } catch (error) {
    await progress.close();
    await db.stagedFile.updateMany({
      where: { printerId: job.printerId, sha256: file.sha256, status: "uploading" },
      data: { status: "failed", error: job.describe(error) },
    });
    await queueChanged();
    throw error;
  } finally {
    await progress.close();
  }
}
