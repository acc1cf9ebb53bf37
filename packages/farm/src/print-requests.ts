// Starting a library file on a printer from the web: the check the start dialog shows (readiness,
// compatibility, the printer's filament, default options), the start itself (checked again on the
// server, under a row lock on the printer so two starts cannot both pass), and "print again" of a
// job Printernizer started. The worker does the upload and start (start_print command).
import type { Db, Prisma, PrintStart } from "@printernizer/db";
import { FileMetadataSchema, type FileMetadata } from "@printernizer/file-meta";
import {
  PrintOptionsSchema,
  type FilamentSlot,
  type PrintOptions,
  type PrintOptionsInput,
} from "@printernizer/printers";
import { parseStoredStatus } from "./live-status";
import { blockers, checkCompatibility, overridable, type CompatibilityResult } from "./print-compatibility";
import { printReadiness, type Readiness } from "./print-readiness";
import { createPrintStartIn, startsOccupyingPrinter } from "./print-starts";

export type PrintRequestRefusal =
  "not_found" | "not_ready" | "blocked" | "needs_override" | "nothing_to_reprint";

/** A start refused, with a message for the person who asked (what is wrong and what to do). */
export class PrintRequestError extends Error {
  constructor(
    message: string,
    readonly reason: PrintRequestRefusal,
    /** The problems behind a `blocked` or `needs_override` refusal. */
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = "PrintRequestError";
  }
}

export interface PrintRequestTarget {
  libraryFileId: string;
  printerId: string;
  plate: number;
  /** Bambu "use AMS" (default true) and the person's own AMS mapping, if edited. */
  useAms?: boolean;
  amsMapping?: number[];
}

export interface PrintCheck {
  printer: { id: string; name: string; kind: string; model: string | null };
  file: { id: string; name: string; format: string };
  plate: number;
  readiness: Readiness;
  compatibility: CompatibilityResult;
  /** The printer's filament slots as last reported (the mapping editor's trays). */
  filament: FilamentSlot[];
  defaultOptions: PrintOptions;
}

type Tx = Prisma.TransactionClient;

async function startInFlight(tx: Tx | Db, printerId: string, now: Date): Promise<boolean> {
  const found = await tx.printStart.findFirst({
    where: { printerId, ...startsOccupyingPrinter(now) },
    select: { id: true },
  });
  return found !== null;
}

function parseMetadata(value: Prisma.JsonValue): FileMetadata | null {
  const parsed = FileMetadataSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Reads file, printer and live state and runs readiness + compatibility; throws `not_found`. */
export async function checkPrint(
  db: Tx | Db,
  target: PrintRequestTarget,
  now = new Date(),
): Promise<PrintCheck> {
  // one query after the other: `db` may be a transaction, whose connection runs one query at a time
  const file = await db.libraryFile.findUnique({ where: { id: target.libraryFileId } });
  const printer = await db.printer.findUnique({
    where: { id: target.printerId },
    include: {
      liveStatus: {
        select: { connected: true, state: true, rawState: true, errorCount: true, status: true },
      },
    },
  });
  if (!file)
    throw new PrintRequestError(
      "That file is not in the library any more; it may have been deleted.",
      "not_found",
    );
  if (!printer)
    throw new PrintRequestError("There is no such printer; it may have been removed.", "not_found");
  const metadata = parseMetadata(file.metadata);
  if (!metadata)
    throw new PrintRequestError(
      `What the library knows about ${file.name} cannot be read; delete the file and upload it again.`,
      "not_found",
    );
  const live = printer.liveStatus;
  const status = live ? parseStoredStatus(live.status) : null;
  const readiness = printReadiness({
    enabled: printer.enabled,
    awaitingPlateClearSince: printer.awaitingPlateClearSince,
    live: live
      ? { connected: live.connected, state: live.state, rawState: live.rawState, errorCount: live.errorCount }
      : null,
    startInFlight: await startInFlight(db, printer.id, now),
  });
  const compatibility = checkCompatibility({
    metadata,
    plate: target.plate,
    printer: { kind: printer.kind, model: printer.model, name: printer.name },
    status,
    ...(target.useAms !== undefined ? { useAms: target.useAms } : {}),
    ...(target.amsMapping ? { amsMapping: target.amsMapping } : {}),
  });
  return {
    printer: { id: printer.id, name: printer.name, kind: printer.kind, model: printer.model },
    file: { id: file.id, name: file.name, format: file.format },
    plate: target.plate,
    readiness,
    compatibility,
    filament: status?.filament ?? [],
    defaultOptions: PrintOptionsSchema.parse({}),
  };
}

export interface PrintRequest {
  libraryFileId: string;
  printerId: string;
  plate: number;
  options: PrintOptionsInput;
  /** The person saw the mismatches and starts anyway. */
  override: boolean;
  requestedById: string;
}

export interface PrintRequested {
  printStart: PrintStart;
  check: PrintCheck;
  /** The overridden problems, in words (stored on the PrintStart). */
  overrides: string[];
}

/**
 * Checks again on the server and writes the PrintStart + start_print command. Refuses a printer
 * that is not ready, a blocking problem, and mismatches not explicitly overridden.
 */
export async function requestPrint(db: Db, request: PrintRequest): Promise<PrintRequested> {
  const options = PrintOptionsSchema.parse(request.options);
  return db.$transaction(async (tx) => {
    // Two starts for one printer wait for each other here; the second sees the first in flight.
    await tx.$queryRaw`SELECT "id" FROM "Printer" WHERE "id" = ${request.printerId} FOR UPDATE`;
    const check = await checkPrint(tx, {
      libraryFileId: request.libraryFileId,
      printerId: request.printerId,
      plate: request.plate,
      useAms: options.useAms,
      ...(options.amsMapping ? { amsMapping: options.amsMapping } : {}),
    });
    if (!check.readiness.ready)
      throw new PrintRequestError(
        `${check.printer.name} cannot start now: ${check.readiness.reason}`,
        "not_ready",
      );
    const blocking = blockers(check.compatibility.problems).map((p) => p.message);
    if (blocking.length)
      throw new PrintRequestError(
        `This cannot be printed on ${check.printer.name}: ${blocking.join(" ")}`,
        "blocked",
        blocking,
      );
    const mismatches = overridable(check.compatibility.problems).map((p) => p.message);
    if (mismatches.length && !request.override)
      throw new PrintRequestError(
        `Not started: ${mismatches.join(" ")} Start anyway only if you are sure (override).`,
        "needs_override",
        mismatches,
      );
    const amsMapping = options.amsMapping ?? check.compatibility.amsMapping;
    const printStart = await createPrintStartIn(tx, {
      printerId: check.printer.id,
      libraryFileId: check.file.id,
      remoteName: check.file.name,
      plate: request.plate,
      options: { ...options, ...(check.printer.kind === "bambu" && amsMapping ? { amsMapping } : {}) },
      overrides: mismatches,
      requestedById: request.requestedById,
    });
    return { printStart, check, overrides: mismatches };
  });
}

/** What "print again" of a job starts: the file, plate and options of the PrintStart that became it. */
export async function reprintOf(
  db: Db,
  jobId: string,
): Promise<{
  libraryFileId: string;
  printerId: string;
  plate: number;
  options: PrintOptionsInput;
  fileName: string;
}> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { id: true, printerId: true, fileName: true },
  });
  if (!job) throw new PrintRequestError("There is no such job; it may have been removed.", "not_found");
  const start = await db.printStart.findUnique({
    where: { jobId },
    select: { libraryFileId: true, plate: true, options: true, remoteName: true },
  });
  if (!start)
    throw new PrintRequestError(
      "This job was not started from the library, so there is nothing to print again. Upload its file to the library and start it from there.",
      "nothing_to_reprint",
    );
  if (!start.libraryFileId)
    throw new PrintRequestError(
      `${start.remoteName} was deleted from the library, so it cannot be printed again; upload it again and start it from the library.`,
      "nothing_to_reprint",
    );
  const options = PrintOptionsSchema.safeParse(start.options);
  return {
    libraryFileId: start.libraryFileId,
    printerId: job.printerId,
    plate: start.plate,
    options: options.success ? options.data : {},
    fileName: start.remoteName,
  };
}
