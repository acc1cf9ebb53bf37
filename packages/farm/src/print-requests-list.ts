// Recent print starts as the printer page and the start dialog show them: status, the reason a
// start failed, and the upload's live progress (the start_print command's `progress`).
import type { Db, PrintStartStatus } from "@printernizer/db";
import { parseCommandProgress } from "./command-progress";
import type { CommandProgressDetail } from "./command-contract";

export interface PrintStartRow {
  id: string;
  printerId: string;
  printerName: string;
  libraryFileId: string | null;
  /** The library file's name (or, once it was deleted, the name it had on the printer). */
  fileName: string;
  plate: number;
  /** PrintOptions as stored. */
  options: unknown;
  overrides: string[];
  status: PrintStartStatus;
  error: string | null;
  /** Why the queue's dispatcher chose this printer (queue starts only). */
  reason: string | null;
  queueEntryId: string | null;
  jobId: string | null;
  commandId: string | null;
  /** Live upload/start step while the command runs. */
  progress: CommandProgressDetail | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listPrintStarts(
  db: Db,
  filter: { printerId?: string; limit: number },
): Promise<PrintStartRow[]> {
  const starts = await db.printStart.findMany({
    where: filter.printerId ? { printerId: filter.printerId } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
    include: { printer: { select: { name: true } }, libraryFile: { select: { name: true } } },
  });
  const commandIds = starts.map((s) => s.commandId).filter((id): id is string => id !== null);
  const commands = commandIds.length
    ? await db.printerCommand.findMany({
        where: { id: { in: commandIds } },
        select: { id: true, kind: true, progress: true },
      })
    : [];
  const progressById = new Map(commands.map((c) => [c.id, parseCommandProgress(c.kind, c.progress)]));
  return starts.map((s) => ({
    id: s.id,
    printerId: s.printerId,
    printerName: s.printer.name,
    libraryFileId: s.libraryFileId,
    fileName: s.libraryFile?.name ?? s.remoteName,
    plate: s.plate,
    options: s.options,
    overrides: s.overrides,
    status: s.status,
    error: s.error,
    reason: s.reason,
    queueEntryId: s.queueEntryId,
    jobId: s.jobId,
    commandId: s.commandId,
    progress: s.commandId ? (progressById.get(s.commandId) ?? null) : null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  }));
}
