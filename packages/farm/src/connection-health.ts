// How each printer's connection is doing, as the worker last wrote it into LiveStatus
// (state, last communication, and the adapter's health: circuit, reconnects), and the
// short list of printers that need a person (in error, or refusing the login) for the
// banner on every page.
import type { Db } from "@printernizer/db";
import { parseStoredHealth, parseStoredStatus, type CircuitState } from "./live-status";

export interface ConnectionHealth {
  printerId: string;
  printerName: string;
  enabled: boolean;
  state: string;
  connected: boolean;
  healthy: boolean | null;
  circuit: CircuitState | null;
  reconnects: number | null;
  lastCommunication: Date | null;
  lastError: { kind: string | null; message: string } | null;
  updatedAt: Date | null;
}

export async function connectionHealth(db: Db): Promise<ConnectionHealth[]> {
  const printers = await db.printer.findMany({
    select: {
      id: true,
      name: true,
      enabled: true,
      liveStatus: {
        select: {
          state: true,
          connected: true,
          status: true,
          lastError: true,
          lastErrorKind: true,
          lastCommunication: true,
          updatedAt: true,
        },
      },
    },
    orderBy: { name: "asc" },
  });
  return printers.map(({ id, name, enabled, liveStatus: live }) => ({
    printerId: id,
    printerName: name,
    enabled,
    state: !enabled ? "disabled" : (live?.state ?? "unknown"),
    connected: live?.connected ?? false,
    ...parseStoredHealth(live?.status),
    lastCommunication: live?.lastCommunication ?? null,
    lastError: live?.lastError ? { kind: live.lastErrorKind, message: live.lastError } : null,
    updatedAt: live?.updatedAt ?? null,
  }));
}

export interface FarmAlert {
  printerId: string;
  printerName: string;
  reason: "authentication" | "error";
  message: string;
}

/** Enabled printers in error or whose last failure was a refused login. */
export async function farmAlerts(db: Db): Promise<FarmAlert[]> {
  const rows = await db.liveStatus.findMany({
    where: { printer: { enabled: true }, OR: [{ state: "error" }, { lastErrorKind: "authentication" }] },
    select: {
      printerId: true,
      state: true,
      status: true,
      lastError: true,
      lastErrorKind: true,
      printer: { select: { name: true } },
    },
    orderBy: { printer: { name: "asc" } },
    take: 50,
  });
  return rows.map((row) => {
    if (row.lastErrorKind === "authentication") {
      return {
        printerId: row.printerId,
        printerName: row.printer.name,
        reason: "authentication" as const,
        message: `refused the login${row.lastError ? `: ${row.lastError}` : ""}`,
      };
    }
    const { errors } = parseStoredStatus(row.status);
    return {
      printerId: row.printerId,
      printerName: row.printer.name,
      reason: "error" as const,
      message: errors[0]?.message ?? row.lastError ?? "reports an error",
    };
  });
}
