// Runs a start_print command: the PrintStart goes pending → uploading → starting → started. When
// it throws, the executor fails the start with the same words as the command (farm's
// print-start-outcome: a queue start gives its copy back). Readiness (farm's printReadiness, from the rows) is checked before
// anything is sent and again right before the start, since an upload can take minutes.
import path from "node:path";
import type { Db, PrintStartStatus } from "@printernizer/db";
import type { CommandResult } from "@printernizer/farm/command-contract";
import { notify } from "@printernizer/farm/notify";
import { PrintOptionsSchema, PrinterConflictError, type PrinterAdapter } from "@printernizer/printers";
import { recordStaged, stagedCopy, uploadLibraryFile, type LibraryUploadDeps } from "./library-upload";
import { ProgressWriter } from "./progress-writer";
import { readinessOf } from "./printer-readiness";
import type { Logger } from "@printernizer/logger";

export interface StartPrintJob {
  commandId: string;
  printStartId: string;
  printerId: string;
  adapter: PrinterAdapter;
  signal: AbortSignal;
  logger: Logger;
}

/** What the printer shows as the job's name: the file name without its print-file extension. */
export function jobNameOf(fileName: string): string {
  return path.posix.basename(fileName).replace(/(\.gcode)?\.3mf$|\.bgcode$|\.gcode$/i, "") || fileName;
}

export async function runStartPrint(
  deps: LibraryUploadDeps,
  job: StartPrintJob,
): Promise<CommandResult<"start_print">> {
  const { db } = deps;
  const start = await db.printStart.findUnique({
    where: { id: job.printStartId },
    include: { libraryFile: true },
  });
  if (!start || start.printerId !== job.printerId)
    throw new PrinterConflictError("The print start was removed, or belongs to another printer.");
  if (start.status !== "pending")
    throw new PrinterConflictError(`This print start was handled already (${start.status}).`);
  const progress = new ProgressWriter({
    logger: job.logger,
    write: (detail) => db.printerCommand.update({ where: { id: job.commandId }, data: { progress: detail } }),
  });
  try {
    const file = start.libraryFile;
    if (!file) throw new PrinterConflictError("The library file was deleted; add it to the library again.");
    progress.step({ step: "checking", message: "Checking that the printer is ready" });
    await assertReady(db, job);
    await setStatus(db, start.id, "uploading");
    const upload = {
      printerId: job.printerId,
      adapter: job.adapter,
      file: { sha256: file.sha256, size: Number(file.size), name: start.remoteName },
      progress,
      signal: job.signal,
    };
    const staged = await stagedCopy(deps, upload);
    const outcome = staged
      ? { remotePath: staged, uploaded: false, bytes: upload.file.size, seconds: 0 }
      : await uploadLibraryFile(deps, upload);
    if (outcome.uploaded)
      await recordStaged(db, job.printerId, file.sha256, outcome.remotePath, upload.file.size);
    progress.step({ step: "starting", message: "Starting the print" });
    await assertReady(db, job);
    await setStatus(db, start.id, "starting", path.posix.basename(outcome.remotePath));
    await job.adapter.startPrint({
      path: outcome.remotePath,
      plate: start.plate,
      jobName: jobNameOf(start.remoteName),
      options: PrintOptionsSchema.parse(start.options),
      signal: AbortSignal.any([job.signal, AbortSignal.timeout(60_000)]),
    });
    await setStatus(db, start.id, "started");
    return outcome;
  } finally {
    await progress.close();
  }
}

async function assertReady(db: Db, job: StartPrintJob): Promise<void> {
  const readiness = await readinessOf(db, job.printerId, job.printStartId);
  if (!readiness.ready) throw new PrinterConflictError(readiness.reason);
}

async function setStatus(db: Db, id: string, status: PrintStartStatus, remoteName?: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.printStart.update({ where: { id }, data: { status, ...(remoteName ? { remoteName } : {}) } });
    await notify(tx, "queueChanged", id);
  });
}
