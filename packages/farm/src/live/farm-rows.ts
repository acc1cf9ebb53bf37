// The farm cache's reads: the same `FarmPrinter` rows as `listFarm` (through the same
// `toFarmPrinter`, so the same `parseStoredStatus` typing), read with one plain SQL join
// instead of Prisma's relation query — the cache reads on every batch of changes. Checking a
// status is most of a row's cost, and its filament and error lists are most of that while
// they rarely change: per printer the last lists are kept with their JSON text and checked
// again only when the text differs (the same objects then, which also makes comparing cheap).
import { Prisma, type Db } from "@printernizer/db";
import { toFarmPrinter, type FarmPrinter, type FarmRow } from "../farm";
import { parseStoredStatus } from "../live-status";

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
  location: string | null;
  tags: string[];
  updatedAt: Date;
  livePrinterId: string | null;
  liveState: NonNullable<FarmRow["liveStatus"]>["state"] | null;
  connected: boolean | null;
  rawState: string | null;
  jobName: string | null;
  progress: number | null;
  remainingSeconds: number | null;
  errorCount: number | null;
  /** The status without `filament` and `errors`, which come as JSON text. */
  status: Prisma.JsonValue;
  filamentJson: string | null;
  errorsJson: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  lastCommunication: Date | null;
  stateChangedAt: Date | null;
  liveUpdatedAt: Date | null;
}

const columns = Prisma.sql`
  p."id", p."kind", p."name", p."host", p."model", p."enabled", p."isDemo", p."autoClearPlate",
  p."awaitingPlateClearSince", p."location", p."tags", p."updatedAt", l."printerId" AS "livePrinterId", l."state" AS "liveState",
  l."connected", l."rawState", l."jobName", l."progress", l."remainingSeconds", l."errorCount",
  CASE WHEN jsonb_typeof(l."status") = 'object' THEN l."status" - 'filament' - 'errors' ELSE l."status" END AS "status",
  (l."status"->'filament')::text AS "filamentJson", (l."status"->'errors')::text AS "errorsJson",
  l."lastError", l."lastErrorKind", l."lastCommunication", l."stateChangedAt", l."updatedAt" AS "liveUpdatedAt"`;

const from = Prisma.sql`FROM "Printer" p LEFT JOIN "LiveStatus" l ON l."printerId" = p."id"`;

interface Lists {
  filament: [json: string | null, FarmPrinter["filament"]];
  errors: [json: string | null, FarmPrinter["errors"]];
}

const printerRowMarginMs = 2_000;

export class FarmRowReader {
  private readonly lists = new Map<string, Lists>();

  constructor(private readonly db: Db) {}

  /** Every printer (order unspecified). */
  async all(): Promise<FarmPrinter[]> {
    const rows = await this.db.$queryRaw<RawFarmRow[]>`SELECT ${columns} ${from}`;
    const ids = new Set(rows.map((r) => r.id));
    for (const id of this.lists.keys()) if (!ids.has(id)) this.lists.delete(id);
    return rows.map((r) => this.toRow(r));
  }

  /** The printers of these ids that exist. */
  async byIds(ids: string[]): Promise<FarmPrinter[]> {
    if (!ids.length) return [];
    const rows = await this.db.$queryRaw<
      RawFarmRow[]
    >`SELECT ${columns} ${from} WHERE p."id" = ANY(${ids}::text[])`;
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.lists.delete(id);
    return rows.map((r) => this.toRow(r));
  }

  /**
   * In one statement: the printers whose row or status was written after `since`, and how many
   * printers exist (a count that differs from the cache's means a removal or insert not seen yet).
   */
  async changesSince(since: Date): Promise<{ rows: FarmPrinter[]; printerCount: number }> {
    // A printer row an admin just saved may carry an older time than the newest status the cache
    // has read meanwhile (another writer, another clock): printer rows are few and rarely written,
    // so those of the last seconds are read again (unchanged ones send nothing).
    const printerSince = new Date(since.getTime() - printerRowMarginMs);
    const rows = await this.db.$queryRaw<(Partial<RawFarmRow> & { printerCount: number })[]>`
      SELECT n."printerCount", c.* FROM (SELECT count(*)::int AS "printerCount" FROM "Printer") n
      LEFT JOIN LATERAL (SELECT ${columns} ${from} WHERE p."updatedAt" > ${printerSince} OR l."updatedAt" > ${since}) c ON true`;
    return {
      rows: rows
        .filter((r): r is RawFarmRow & { printerCount: number } => r.id != null)
        .map((r) => this.toRow(r)),
      printerCount: rows[0]!.printerCount,
    };
  }

  private toRow(raw: RawFarmRow): FarmPrinter {
    const row = toFarmPrinter({
      id: raw.id,
      kind: raw.kind,
      name: raw.name,
      host: raw.host,
      model: raw.model,
      enabled: raw.enabled,
      isDemo: raw.isDemo,
      autoClearPlate: raw.autoClearPlate,
      awaitingPlateClearSince: raw.awaitingPlateClearSince,
      location: raw.location,
      tags: raw.tags ?? [],
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
    const held = this.lists.get(raw.id);
    const lists: Lists = {
      filament:
        held?.filament[0] === raw.filamentJson
          ? held.filament
          : [raw.filamentJson, parsed(raw.filamentJson, "filament")],
      errors:
        held?.errors[0] === raw.errorsJson ? held.errors : [raw.errorsJson, parsed(raw.errorsJson, "errors")],
    };
    this.lists.set(raw.id, lists);
    row.filament = lists.filament[1];
    row.errors = lists.errors[1];
    return row;
  }
}

/** One list of a stored status, checked as `parseStoredStatus` checks it. */
function parsed<K extends "filament" | "errors">(json: string | null, key: K): FarmPrinter[K] {
  if (json === null) return [];
  const status = parseStoredStatus({ [key]: JSON.parse(json) as unknown });
  return (key === "filament" ? status.filament : status.errors) as FarmPrinter[K];
}
