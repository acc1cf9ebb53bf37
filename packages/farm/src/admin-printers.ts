// Admin → Printers: the printers as an admin edits them, and every write to their rows (the
// router only validates, checks the role, audits and translates errors). Secrets never leave
// this module in clear: a list says which secret fields are set, never their values.
import type { Db, Prisma } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { TestConnectionResult } from "@printernizer/printers";
import { builtInKindMetadata } from "@printernizer/printers/kinds";
import {
  printerRowFromForm,
  type PrinterForm,
  type PrinterRowValues,
  type StoredPrinter,
} from "./printer-form";
import { databasePrinterKind, metadataPrinterKind } from "./printer-kinds";
import { parseCommandResult } from "./command-contract";
import { requestCommand, waitForCommand } from "./commands";

/** Printer names are unique; the message says what to do. */
export class PrinterNameTakenError extends Error {
  constructor(readonly printerName: string) {
    super(`A printer named "${printerName}" already exists; choose another name.`);
    this.name = "PrinterNameTakenError";
  }
}

export interface AdminPrinter {
  id: string;
  kind: string;
  name: string;
  host: string;
  port: number | null;
  model: string | null;
  serial: string | null;
  enabled: boolean;
  isDemo: boolean;
  /** Ejection system: finished prints do not wait for "plate cleared". */
  autoClearPlate: boolean;
  /** Where it stands ("Room 2 / Rack A"), null when not set. */
  location: string | null;
  tags: string[];
  /** Non-secret kind fields (e.g. the pinned certificate fingerprint). */
  values: Record<string, string>;
  /** Names of secret fields that hold a value (shown masked). */
  secretsSet: string[];
  state: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listAdminPrinters(db: Db, cipher: CredentialCipher): Promise<AdminPrinter[]> {
  const rows = await db.printer.findMany({
    orderBy: { name: "asc" },
    include: { liveStatus: { select: { state: true } } },
  });
  return rows.map((row) => {
    const stored = storedPrinter(row, cipher);
    const metadata = builtInKindMetadata(metadataPrinterKind(row.kind));
    const values: Record<string, string> = {};
    const secretsSet: string[] = [];
    for (const field of metadata.fields) {
      if (field.secret) {
        if (stored.credentials[field.name]) secretsSet.push(field.name);
      } else if (field.name === "serial") {
        if (row.serial) values.serial = row.serial;
      } else {
        const value = stored.settings[field.name] ?? stored.credentials[field.name];
        if (typeof value === "string" || typeof value === "number") values[field.name] = String(value);
      }
    }
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      host: row.host,
      port: row.port,
      model: row.model,
      serial: row.serial,
      enabled: row.enabled,
      isDemo: row.isDemo,
      autoClearPlate: row.autoClearPlate,
      location: row.location,
      tags: row.tags,
      values,
      secretsSet,
      state: row.liveStatus?.state ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  });
}

export async function loadStoredPrinter(db: Db, cipher: CredentialCipher, id: string) {
  const row = await db.printer.findUnique({ where: { id } });
  return row ? { row, stored: storedPrinter(row, cipher) } : null;
}

function storedPrinter(
  row: {
    kind: string;
    name: string;
    host: string;
    port: number | null;
    model: string | null;
    serial: string | null;
    credentials: string;
    settings: Prisma.JsonValue;
    autoClearPlate: boolean;
    location: string | null;
    tags: string[];
  },
  cipher: CredentialCipher,
): StoredPrinter {
  let credentials: Record<string, string> = {};
  try {
    credentials = cipher.decryptJson<Record<string, string>>(row.credentials);
  } catch {
    // Sealed with a key this server no longer has: the admin re-enters the secrets.
  }
  const settings =
    row.settings && typeof row.settings === "object" && !Array.isArray(row.settings)
      ? (row.settings as Record<string, unknown>)
      : {};
  return {
    kind: row.kind,
    name: row.name,
    host: row.host,
    port: row.port,
    model: row.model,
    serial: row.serial,
    credentials,
    settings,
    autoClearPlate: row.autoClearPlate,
    location: row.location,
    tags: row.tags,
  };
}

function rowData(row: PrinterRowValues, cipher: CredentialCipher) {
  return {
    name: row.name,
    host: row.host,
    port: row.port,
    model: row.model,
    serial: row.serial,
    credentials: cipher.encryptJson(row.credentials),
    settings: row.settings as Prisma.InputJsonObject,
    autoClearPlate: row.autoClearPlate,
    location: row.location,
    tags: row.tags,
  };
}

function nameTaken(error: unknown, name: string): never {
  if (typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002")
    throw new PrinterNameTakenError(name);
  throw error;
}

/** Adds a printer from the admin form (throws PrinterFormError, PrinterNameTakenError). */
export async function createPrinter(db: Db, cipher: CredentialCipher, form: PrinterForm) {
  const row = printerRowFromForm(form);
  const printer = await db.printer
    .create({
      data: { kind: databasePrinterKind(row.kind), ...rowData(row, cipher) },
      select: { id: true, name: true },
    })
    .catch((error: unknown) => nameTaken(error, row.name));
  return { ...printer, kind: row.kind, host: row.host };
}

/** Saves the admin form over a stored printer; null when it does not exist (any more). */
export async function updatePrinter(db: Db, cipher: CredentialCipher, id: string, form: PrinterForm) {
  const existing = await loadStoredPrinter(db, cipher, id);
  if (!existing) return null;
  const row = printerRowFromForm(form, existing.stored);
  const { count } = await db.printer
    .updateMany({ where: { id }, data: rowData(row, cipher) })
    .catch((error: unknown) => nameTaken(error, row.name));
  return count ? { id, name: row.name, changed: row.changed } : null;
}

/** Turns a printer on or off; null when it does not exist (any more). */
export async function setPrinterEnabled(db: Db, id: string, enabled: boolean) {
  const found = await db.printer.findUnique({ where: { id }, select: { name: true } });
  if (!found) return null;
  const { count } = await db.printer.updateMany({ where: { id }, data: { enabled } });
  return count ? { id, name: found.name, enabled } : null;
}

/** Removes a printer with its history; null when it does not exist (any more). */
export async function removePrinter(db: Db, id: string) {
  const found = await db.printer.findUnique({
    where: { id },
    select: { name: true, kind: true, host: true },
  });
  if (!found) return null;
  const { count } = await db.printer.deleteMany({ where: { id } });
  return count ? { id, ...found } : null;
}

export interface ConnectionTestOutcome {
  /** done: the adapter answered (result says ok or why not); failed/expired: no test happened. */
  status: "done" | "failed" | "expired" | "pending" | "claimed";
  result: TestConnectionResult | null;
  error: string | null;
}

/**
 * Runs the adapter's testConnection through a worker with the config as typed (unsaved), on
 * top of the stored printer when editing, and waits for the answer; null when the printer
 * being edited does not exist (any more).
 */
export async function testPrinterConnection(
  db: Db,
  cipher: CredentialCipher,
  form: PrinterForm,
  options: { printerId?: string; requestedById: string; timeoutMs?: number },
): Promise<ConnectionTestOutcome | null> {
  const existing = options.printerId ? await loadStoredPrinter(db, cipher, options.printerId) : null;
  if (options.printerId && !existing) return null;
  const row = printerRowFromForm(form, existing?.stored);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const command = await requestCommand(db, {
    kind: "test_connection",
    requestedById: options.requestedById,
    timeoutMs: 10_000,
    payload: {
      kind: row.kind,
      host: row.host,
      port: row.port,
      serial: row.serial,
      model: row.model,
      credentials: cipher.encryptJson(row.credentials),
      settings: row.settings as Prisma.InputJsonObject,
    },
  });
  const finished = await waitForCommand(db, command.id, { timeoutMs, pollMs: 150 });
  return {
    status: finished.status,
    result: finished.status === "done" ? parseCommandResult("test_connection", finished.result) : null,
    error:
      finished.error ??
      (finished.status === "claimed" || finished.status === "pending"
        ? "The worker has not answered yet; the printer may be slow. Try again."
        : null),
  };
}
