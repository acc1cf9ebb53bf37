// A printer's storage as the worker last listed it (PrinterFile rows), and the commands
// that refresh the listing or fetch a file into the file store for download.
import type { Db, PrinterCommand } from "@printernizer/db";
import { requestCommand } from "./commands";

export interface PrinterFileEntry {
  id: string;
  path: string;
  /** The name people know the file by (the long name where the printer has an 8.3 one). */
  name: string;
  type: string;
  size: number | null;
  modifiedAt: Date | null;
  /** Bytes are in the file store: the download starts at once. */
  stored: boolean;
  seenAt: Date;
}

export async function listPrinterFiles(
  db: Db,
  printerId: string,
): Promise<{ files: PrinterFileEntry[]; listedAt: Date | null }> {
  const rows = await db.printerFile.findMany({
    where: { printerId, type: { not: "folder" } },
    orderBy: { path: "asc" },
    select: {
      id: true,
      path: true,
      name: true,
      displayName: true,
      type: true,
      size: true,
      modifiedAt: true,
      sha256: true,
      seenAt: true,
    },
  });
  const files = rows.map((r) => ({
    id: r.id,
    path: r.path,
    name: r.displayName || r.name,
    type: r.type,
    size: r.size === null ? null : Number(r.size),
    modifiedAt: r.modifiedAt,
    stored: r.sha256 !== null,
    seenAt: r.seenAt,
  }));
  const listedAt = files.reduce<Date | null>(
    (latest, f) => (!latest || f.seenAt > latest ? f.seenAt : latest),
    null,
  );
  return { files, listedAt };
}

export class FileRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileRequestError";
  }
}

/** Asks the printer's worker to list its storage again; FileRequestError when there is no such printer. */
export async function requestFileRefresh(
  db: Db,
  printerId: string,
  requestedById: string,
): Promise<{ printer: { id: string; name: string }; command: PrinterCommand }> {
  const printer = await db.printer.findUnique({ where: { id: printerId }, select: { id: true, name: true } });
  if (!printer) throw new FileRequestError("There is no such printer; it may have been removed.");
  const command = await requestCommand(db, {
    kind: "refresh_files",
    printerId,
    requestedById,
    timeoutMs: 30_000,
  });
  return { printer, command };
}

/** A file of a printer's listing with its stored copy, if any (for the download route). */
export function findPrinterFile(db: Db, fileId: string) {
  return db.printerFile.findUnique({
    where: { id: fileId },
    select: {
      id: true,
      printerId: true,
      path: true,
      name: true,
      displayName: true,
      sha256: true,
      printer: { select: { name: true } },
    },
  });
}

/**
 * Gets a file ready for download: `ready` when its bytes are already in the file store,
 * otherwise the download_file command the worker executes (the browser follows it).
 */
export async function prepareFileDownload(
  db: Db,
  input: { fileId: string; requestedById: string },
): Promise<{
  file: { id: string; printerId: string; name: string; printerName: string };
  command: PrinterCommand | null;
}> {
  const row = await findPrinterFile(db, input.fileId);
  if (!row)
    throw new FileRequestError(
      "That file is no longer on the printer's list. Refresh the list and try again.",
    );
  const file = {
    id: row.id,
    printerId: row.printerId,
    name: row.displayName || row.name,
    printerName: row.printer.name,
  };
  if (row.sha256 && (await db.storedFile.count({ where: { sha256: row.sha256 } })))
    return { file, command: null };
  const command = await requestCommand(db, {
    kind: "download_file",
    printerId: row.printerId,
    payload: { path: row.path },
    requestedById: input.requestedById,
  });
  return { file, command };
}
