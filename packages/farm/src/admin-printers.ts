// Admin → Printers: the printers as an admin edits them. Secrets never leave this module in
// clear: a list says which secret fields are set, never their values.
import type { Db, Prisma } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { TestConnectionResult } from "@printernizer/printers";
import { kindMetadataOrThrow, printerRowFromForm, type PrinterForm, type PrinterRowValues, type StoredPrinter } from "./printer-form";
import { requestCommand, waitForCommand } from "./commands";

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
  /** Non-secret kind fields (e.g. the pinned certificate fingerprint). */
  values: Record<string, string>;
  /** Names of secret fields that hold a value (shown masked). */
  secretsSet: string[];
  state: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listAdminPrinters(db: Db, cipher: CredentialCipher): Promise<AdminPrinter[]> {
  const rows = await db.printer.findMany({ orderBy: { name: "asc" }, include: { liveStatus: { select: { state: true } } } });
  return rows.map((row) => {
    const stored = storedPrinter(row, cipher);
    const metadata = kindMetadataOrThrow(row.kind);
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

function storedPrinter(row: { kind: string; name: string; host: string; port: number | null; model: string | null; serial: string | null; credentials: string; settings: Prisma.JsonValue }, cipher: CredentialCipher): StoredPrinter {
  let credentials: Record<string, string> = {};
  try {
    credentials = cipher.decryptJson<Record<string, string>>(row.credentials);
  } catch {
    // Sealed with a key this server no longer has: the admin re-enters the secrets.
  }
  const settings = row.settings && typeof row.settings === "object" && !Array.isArray(row.settings) ? (row.settings as Record<string, unknown>) : {};
  return { kind: row.kind, name: row.name, host: row.host, port: row.port, model: row.model, serial: row.serial, credentials, settings };
}

export function rowData(row: PrinterRowValues, cipher: CredentialCipher) {
  return {
    name: row.name,
    host: row.host,
    port: row.port,
    model: row.model,
    serial: row.serial,
    credentials: cipher.encryptJson(row.credentials),
    settings: row.settings as Prisma.InputJsonObject,
  };
}

export interface ConnectionTestOutcome {
  /** done: the adapter answered (result says ok or why not); failed/expired: no test happened. */
  status: "done" | "failed" | "expired" | "pending" | "claimed";
  result: TestConnectionResult | null;
  error: string | null;
}

/**
 * Runs the adapter's testConnection through a worker with the config as typed (unsaved), on
 * top of the stored printer when editing, and waits for the answer.
 */
export async function testPrinterConnection(
  db: Db,
  cipher: CredentialCipher,
  form: PrinterForm,
  options: { printerId?: string; requestedById: string; timeoutMs?: number },
): Promise<ConnectionTestOutcome> {
  const existing = options.printerId ? await loadStoredPrinter(db, cipher, options.printerId) : null;
  const row = printerRowFromForm(form, existing?.stored);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const command = await requestCommand(db, {
    kind: "test_connection",
    requestedById: options.requestedById,
    timeoutMs: 10_000,
    payload: { kind: row.kind, host: row.host, port: row.port, serial: row.serial, model: row.model, credentials: cipher.encryptJson(row.credentials), settings: row.settings as Prisma.InputJsonObject },
  });
  const finished = await waitForCommand(db, command.id, { timeoutMs, pollMs: 150 });
  return {
    status: finished.status,
    result: finished.status === "done" ? (finished.result as TestConnectionResult | null) : null,
    error: finished.error ?? (finished.status === "claimed" || finished.status === "pending" ? "The worker has not answered yet; the printer may be slow. Try again." : null),
  };
}
