// The farm as the dashboard sees it: every printer with its live status, in one query.
// Shared by the list procedure (`farm.list`), the live-update stream, the printer page and its
// controls; the benchmark times it over HTTP.
import type { Db, Prisma } from "@printernizer/db";
import type { FilamentSlot, PrinterError, PrinterStatus, Temperatures } from "@printernizer/printers";
import { byName } from "./live/farm-delta";
import { parseStoredStatus } from "./live-status";
import { readableConnectionError } from "./reachability";

const farmSelect = {
  id: true,
  kind: true,
  name: true,
  host: true,
  model: true,
  enabled: true,
  isDemo: true,
  autoClearPlate: true,
  awaitingPlateClearSince: true,
  location: true,
  tags: true,
  updatedAt: true,
  liveStatus: {
    select: {
      state: true,
      connected: true,
      rawState: true,
      jobName: true,
      progress: true,
      remainingSeconds: true,
      errorCount: true,
      status: true,
      lastError: true,
      lastErrorKind: true,
      lastCommunication: true,
      stateChangedAt: true,
      updatedAt: true,
    },
  },
} satisfies Prisma.PrinterSelect;

/** One printer with its status as read from the database (Prisma's select or the live cache's raw read). */
export type FarmRow = Prisma.PrinterGetPayload<{ select: typeof farmSelect }>;

export interface FarmPrinter {
  id: string;
  kind: FarmRow["kind"];
  name: string;
  host: string;
  model: string | null;
  enabled: boolean;
  isDemo: boolean;
  /** An ejection system clears the plate: finished prints never wait for an operator. */
  autoClearPlate: boolean;
  /** Set while the last print is still on the plate: nothing starts until an operator confirms it clear. */
  awaitingPlateClearSince: Date | null;
  /** Where it stands ("Room 2 / Rack A"): the dashboard's groups; null = no location. */
  location: string | null;
  /** Free labels the dashboard filters by. */
  tags: string[];
  state: PrinterStatus["state"] | "disabled";
  connected: boolean;
  rawState: string | null;
  job: {
    name: string;
    progress: number | null;
    remainingSeconds: number | null;
    layer?: number;
    totalLayers?: number;
  } | null;
  temperatures: Temperatures;
  filament: FilamentSlot[];
  errors: PrinterError[];
  lastError: { kind: string | null; message: string } | null;
  lastCommunication: Date | null;
  stateChangedAt: Date | null;
  /** Last change of the printer row or its status: the stream resumes from here. */
  updatedAt: Date;
}

export function toFarmPrinter(row: FarmRow): FarmPrinter {
  const live = row.liveStatus;
  const status = parseStoredStatus(live?.status);
  const job = status.job;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    host: row.host,
    model: row.model,
    enabled: row.enabled,
    isDemo: row.isDemo,
    autoClearPlate: row.autoClearPlate,
    awaitingPlateClearSince: row.awaitingPlateClearSince,
    location: row.location,
    tags: row.tags,
    state: !row.enabled ? "disabled" : (live?.state ?? "unknown"),
    connected: live?.connected ?? false,
    rawState: live?.rawState ?? null,
    job:
      live?.jobName && job
        ? {
            name: live.jobName,
            progress: live.progress,
            remainingSeconds: live.remainingSeconds,
            layer: job.layer,
            totalLayers: job.totalLayers,
          }
        : null,
    temperatures: status.temperatures,
    filament: status.filament,
    errors: status.errors,
    lastError: live?.lastError
      ? {
          kind: live.lastErrorKind,
          message: readableConnectionError({ kind: live.lastErrorKind, message: live.lastError }, row.host),
        }
      : null,
    lastCommunication: live?.lastCommunication ?? null,
    stateChangedAt: live?.stateChangedAt ?? null,
    updatedAt: new Date(Math.max(row.updatedAt.getTime(), live?.updatedAt.getTime() ?? 0)),
  };
}

/** Every printer in `byName` order (the list's order everywhere, the same as the farm cache's). */
export async function listFarm(db: Db): Promise<FarmPrinter[]> {
  const rows = await db.printer.findMany({ select: farmSelect });
  return rows.map(toFarmPrinter).sort(byName);
}

export async function getFarmPrinters(db: Db, ids: string[]): Promise<FarmPrinter[]> {
  if (!ids.length) return [];
  const rows = await db.printer.findMany({ where: { id: { in: ids } }, select: farmSelect });
  return rows.map(toFarmPrinter);
}
