// How each printer's connection is doing, as the worker last wrote it into LiveStatus
// (state, last communication, and the adapter's health: circuit, reconnects), and the
// short list of printers that need a person (in error, refusing the login, or offline for
// longer than the grace) for the banner on every page.
import type { Db } from "@printernizer/db";
import { parseStoredHealth, parseStoredStatus, type CircuitState } from "./live-status";
import { DEFAULT_OFFLINE_GRACE_MS } from "./offline";
import { readableConnectionError, refusedLoginKind } from "./reachability";

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
      host: true,
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
  return printers.map(({ id, name, host, enabled, liveStatus: live }) => ({
    printerId: id,
    printerName: name,
    enabled,
    state: !enabled ? "disabled" : (live?.state ?? "unknown"),
    connected: live?.connected ?? false,
    ...parseStoredHealth(live?.status),
    lastCommunication: live?.lastCommunication ?? null,
    lastError: live?.lastError
      ? {
          kind: live.lastErrorKind,
          message: readableConnectionError({ kind: live.lastErrorKind, message: live.lastError }, host),
        }
      : null,
    updatedAt: live?.updatedAt ?? null,
  }));
}

export type FarmAlertReason = "authentication" | "error" | "offline";

export interface FarmAlert {
  printerId: string;
  printerName: string;
  reason: FarmAlertReason;
  message: string;
  /** Offline since (reason "offline"); null otherwise. */
  since: Date | null;
}

export interface FarmAlertOptions {
  now?: Date;
  /** How long a printer is offline before it is an alert (PRINTERNIZER_OFFLINE_GRACE_SECONDS). */
  offlineGraceMs?: number;
}

/**
 * Enabled printers that need a person: in error, refusing the login (at once), or offline
 * for at least the grace (a printer that reboots is not an alert). At most 50, by name.
 */
export async function farmAlerts(db: Db, options: FarmAlertOptions = {}): Promise<FarmAlert[]> {
  const now = options.now ?? new Date();
  const offlineBefore = new Date(now.getTime() - (options.offlineGraceMs ?? DEFAULT_OFFLINE_GRACE_MS));
  const rows = await db.liveStatus.findMany({
    where: {
      printer: { enabled: true },
      OR: [
        { state: "error" },
        { lastErrorKind: refusedLoginKind, connected: false },
        { state: "offline", stateChangedAt: { lte: offlineBefore } },
      ],
    },
    select: {
      printerId: true,
      state: true,
      status: true,
      lastError: true,
      lastErrorKind: true,
      stateChangedAt: true,
      printer: { select: { name: true, host: true } },
    },
    orderBy: { printer: { name: "asc" } },
    take: 50,
  });
  return rows.map((row) => {
    const base = { printerId: row.printerId, printerName: row.printer.name, since: null };
    const lastError = row.lastError
      ? readableConnectionError({ kind: row.lastErrorKind, message: row.lastError }, row.printer.host)
      : null;
    if (row.lastErrorKind === refusedLoginKind) {
      return { ...base, reason: "authentication" as const, message: lastError ?? "refused the login" };
    }
    if (row.state === "offline") {
      return {
        ...base,
        reason: "offline" as const,
        message: lastError ?? `The printer did not answer at ${row.printer.host}.`,
        since: row.stateChangedAt,
      };
    }
    const { errors } = parseStoredStatus(row.status);
    return {
      ...base,
      reason: "error" as const,
      message: errors[0]?.message ?? lastError ?? "reports an error",
    };
  });
}
