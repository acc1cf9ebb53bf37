// Job history across the farm: filtered pages, per-printer success rates, CSV export.
import type { Db, JobOutcome, Prisma } from "@printernizer/db";
import { z } from "zod";
import { ZRowIdSchema } from "./input-schemas";

export const ZJobFilterSchema = z.object({
  printerId: ZRowIdSchema.optional(),
  outcome: z.enum(["completed", "failed", "cancelled", "unknown", "running"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type JobFilter = z.infer<typeof ZJobFilterSchema>;

export function jobWhere(filter: JobFilter): Prisma.JobWhereInput {
  return {
    printerId: filter.printerId,
    ...(filter.outcome === "running"
      ? { endedAt: null }
      : filter.outcome
        ? { outcome: filter.outcome as JobOutcome }
        : {}),
    startedAt: { gte: filter.from, lte: filter.to },
  };
}

const jobSelect = {
  id: true,
  printerId: true,
  printer: { select: { name: true } },
  fileName: true,
  displayName: true,
  state: true,
  outcome: true,
  startedAt: true,
  endedAt: true,
  durationSeconds: true,
  progress: true,
  layer: true,
  totalLayers: true,
} satisfies Prisma.JobSelect;

export async function listJobs(db: Db, filter: JobFilter, page: { cursor?: string; limit: number }) {
  const rows = await db.job.findMany({
    where: jobWhere(filter),
    select: jobSelect,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  // The print start a job came from, if Printernizer started it ("Print again" starts the same again).
  const starts = await db.printStart.findMany({
    where: { jobId: { in: shown.map((job) => job.id) }, libraryFileId: { not: null } },
    select: { jobId: true, libraryFileId: true, plate: true, options: true },
  });
  const startOf = new Map(
    starts.map(({ jobId, libraryFileId, plate, options }) => [
      jobId,
      { libraryFileId: libraryFileId!, plate, options: options as unknown },
    ]),
  );
  // A printer removed while this page was read cascades to its jobs; Prisma's second query (the
  // printers of the jobs) then finds no row although its type says there always is one.
  const present = shown.filter((job) => (job.printer as typeof job.printer | null) !== null);
  const items = present.map(({ printer, ...job }) => ({
    ...job,
    printerName: printer.name,
    /** File, plate and options of the start this job came from (null: started elsewhere, or the file was deleted). */
    printStart: startOf.get(job.id) ?? null,
  }));
  return { items, nextCursor: more ? items.at(-1)?.id : undefined };
}

export interface PrinterJobStats {
  printerId: string;
  printerName: string;
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Ended while nobody watched, or vanished without the printer saying how: not in the success rate. */
  unknown: number;
  /** Still open (printing, paused). */
  running: number;
  /**
   * completed / (completed + failed + cancelled), 0..1: every ending the printer reported counts
   * (a cancel is not a success). Unknown and running jobs are left out. Null when none ended so.
   */
  successRate: number | null;
  averageDurationSeconds: number | null;
  /** Sum of the recorded durations of finished jobs, in seconds. */
  totalDurationSeconds: number;
}

export async function jobStatsByPrinter(db: Db, filter: JobFilter): Promise<PrinterJobStats[]> {
  const groups = await db.job.groupBy({
    by: ["printerId", "outcome"],
    where: jobWhere(filter),
    _count: { _all: true },
    _avg: { durationSeconds: true },
    _sum: { durationSeconds: true },
  });
  const names = new Map(
    (await db.printer.findMany({ select: { id: true, name: true } })).map((p) => [p.id, p.name]),
  );
  const byPrinter = new Map<string, PrinterJobStats & { durationSum: number; durationCount: number }>();
  for (const g of groups) {
    const s = byPrinter.get(g.printerId) ?? {
      printerId: g.printerId,
      printerName: names.get(g.printerId) ?? g.printerId,
      total: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
      unknown: 0,
      running: 0,
      successRate: null,
      averageDurationSeconds: null,
      totalDurationSeconds: 0,
      durationSum: 0,
      durationCount: 0,
    };
    const n = g._count._all;
    s.total += n;
    s.totalDurationSeconds += g._sum.durationSeconds ?? 0;
    s[g.outcome ?? "running"] += n;
    if (g._avg.durationSeconds !== null && g.outcome) {
      s.durationSum += g._avg.durationSeconds * n;
      s.durationCount += n;
    }
    byPrinter.set(g.printerId, s);
  }
  return [...byPrinter.values()]
    .map(({ durationSum, durationCount, ...s }) => {
      const finished = s.completed + s.failed + s.cancelled;
      return {
        ...s,
        successRate: finished ? s.completed / finished : null,
        averageDurationSeconds: durationCount ? Math.round(durationSum / durationCount) : null,
      };
    })
    .sort((a, b) => a.printerName.localeCompare(b.printerName));
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Quote when needed, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const jobCsvHeader = [
  "printer",
  "file",
  "name",
  "outcome",
  "state",
  "started",
  "ended",
  "duration_seconds",
  "progress",
  "layer",
  "total_layers",
];

/** Yields CSV lines (header first) for every job matching the filter, in pages. */
export async function* jobsCsv(db: Db, filter: JobFilter): AsyncGenerator<string> {
  yield `${jobCsvHeader.join(",")}\n`;
  let cursor: string | undefined;
  do {
    const page = await listJobs(db, filter, { cursor, limit: 500 });
    for (const j of page.items) {
      // "name" is what the history shows: the long name (PrusaLink display_name), else the file or job name.
      yield `${[j.printerName, j.fileName, j.displayName ?? j.fileName, j.outcome ?? "running", j.state, j.startedAt, j.endedAt, j.durationSeconds, j.progress, j.layer, j.totalLayers].map(csvCell).join(",")}\n`;
    }
    cursor = page.nextCursor;
  } while (cursor);
}
