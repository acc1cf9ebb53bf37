// The farm cache's reads: the same `FarmPrinter` rows as `listFarm` (through the same
// `toFarmPrinter`, so the same `parseStoredStatus` typing), read with one plain SQL join
// instead of Prisma's relation query — the cache reads on every batch of changes.
import { Prisma, type Db } from "@printernizer/db";
import { toFarmPrinter, type FarmPrinter, type FarmRow } from "../farm";

interface RawFarmRow {
  id: string;
  kind: FarmRow["kind"];
  name: string;
  host: string;
  model: string | null;
  enabled: boolean;
  isDemo: boolean;
  autoClearPlate: boolean;
  awaitingPlateClearSince: Date | null;
  updatedAt: Date;
  livePrinterId: string | null;
  liveState: NonNullable<FarmRow["liveStatus"]>["state"] | null;
  connected: boolean | null;
  rawState: string | null;
  jobName: string | null;
  progress: number | null;
  remainingSeconds: number | null;
  errorCount: number | null;
  status: Prisma.JsonValue;
  lastError: string | null;
  lastErrorKind: string | null;
  lastCommunication: Date | null;
  stateChangedAt: Date | null;
  liveUpdatedAt: Date | null;
}

const columns = Prisma.sql`
  p."id", p."kind", p."name", p."host", p."model", p."enabled", p."isDemo", p."autoClearPlate",
  p."awaitingPlateClearSince", p."updatedAt", l."printerId" AS "livePrinterId", l."state" AS "liveState",
  l."connected", l."rawState", l."jobName", l."progress", l."remainingSeconds", l."errorCount", l."status",
  l."lastError", l."lastErrorKind", l."lastCommunication", l."stateChangedAt", l."updatedAt" AS "liveUpdatedAt"`;

const from = Prisma.sql`FROM "Printer" p LEFT JOIN "LiveStatus" l ON l."printerId" = p."id"`;

function toRow(raw: RawFarmRow): FarmPrinter {
  return toFarmPrinter({
    id: raw.id,
    kind: raw.kind,
    name: raw.name,
    host: raw.host,
    model: raw.model,
    enabled: raw.enabled,
    isDemo: raw.isDemo,
    autoClearPlate: raw.autoClearPlate,
    awaitingPlateClearSince: raw.awaitingPlateClearSince,
    updatedAt: raw.updatedAt,
    liveStatus:
      raw.livePrinterId === null
        ? null
        : {
            state: raw.liveState!,
            connected: raw.connected!,
            rawState: raw.rawState,
            jobName: raw.jobName,
            progress: raw.progress,
            remainingSeconds: raw.remainingSeconds,
            errorCount: raw.errorCount!,
            status: raw.status,
            lastError: raw.lastError,
            lastErrorKind: raw.lastErrorKind,
            lastCommunication: raw.lastCommunication,
            stateChangedAt: raw.stateChangedAt!,
            updatedAt: raw.liveUpdatedAt!,
          },
  });
}

/** Every printer (order unspecified). */
export async function readAllFarmRows(db: Db): Promise<FarmPrinter[]> {
  const rows = await db.$queryRaw<RawFarmRow[]>`SELECT ${columns} ${from}`;
  return rows.map(toRow);
}

/** The printers of these ids that exist. */
export async function readFarmRows(db: Db, ids: string[]): Promise<FarmPrinter[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<RawFarmRow[]>`SELECT ${columns} ${from} WHERE p."id" = ANY(${ids}::text[])`;
  return rows.map(toRow);
}

/**
 * In one statement: the printers whose row or status was written after `since`, and how many
 * printers exist (a count that differs from the cache's means a removal or insert not seen yet).
 */
export async function readFarmChangesSince(
  db: Db,
  since: Date,
): Promise<{ rows: FarmPrinter[]; printerCount: number }> {
  const rows = await db.$queryRaw<(Partial<RawFarmRow> & { printerCount: number })[]>`
    SELECT n."printerCount", c.* FROM (SELECT count(*)::int AS "printerCount" FROM "Printer") n
    LEFT JOIN LATERAL (SELECT ${columns} ${from} WHERE p."updatedAt" > ${since} OR l."updatedAt" > ${since}) c ON true`;
  return {
    rows: rows.filter((r): r is RawFarmRow & { printerCount: number } => r.id != null).map(toRow),
    printerCount: rows[0]!.printerCount,
  };
}
