// The dashboard's live stream: one per browser. Yields the rows of printers that changed
// (never the whole farm), each tagged with the change time so a reconnecting browser can
// resume: on resume, and whenever the hub's own LISTEN connection was re-established
// (notifications may have been missed), it first sends everything changed since then.
import type { Db } from "@printernizer/db";
import { farmChangedSince, getFarmPrinters, type FarmPrinter } from "../farm";
import type { PrinterChange, PrinterUpdatesHub } from "./printer-updates-hub";

export interface FarmStreamMessage {
  /** Max `updatedAt` of the rows sent: the id a reconnecting stream resumes from. */
  cursor: string;
  printers: FarmPrinter[];
  /** Ids that no longer exist (printer removed). */
  removed: string[];
  resync: boolean;
}

/**
 * Rows of one hub batch, read once for every stream of this process: the hub hands the same
 * batch object to each subscriber, so M open dashboards cost one query per batch, not M.
 */
const batchRows = new WeakMap<PrinterChange[], Promise<FarmPrinter[]>>();

function rowsOfBatch(db: Db, batch: PrinterChange[]): Promise<FarmPrinter[]> {
  let rows = batchRows.get(batch);
  if (!rows) {
    rows = getFarmPrinters(db, [...new Set(batch.map((c) => c.printerId))]);
    batchRows.set(batch, rows);
  }
  return rows;
}

/** Merges the rows of consecutive batches: the latest batch decides whether a printer still exists. */
async function rowsOfBatches(
  db: Db,
  batches: PrinterChange[][],
): Promise<{ printers: FarmPrinter[]; removed: string[] }> {
  const results = await Promise.all(batches.map((batch) => rowsOfBatch(db, batch)));
  const latest = new Map<string, FarmPrinter | null>();
  batches.forEach((batch, i) => {
    const found = new Map(results[i]!.map((p) => [p.id, p]));
    for (const { printerId } of batch) latest.set(printerId, found.get(printerId) ?? null);
  });
  const printers = [...latest.values()].filter((p): p is FarmPrinter => p !== null);
  const removed = [...latest].filter(([, p]) => p === null).map(([id]) => id);
  return { printers, removed };
}

/** Margin for rows written in the same instant as the cursor, or by a slightly different clock. */
const resumeMarginMs = 2_000;

export async function* farmStream(options: {
  db: Db;
  hub: PrinterUpdatesHub;
  since?: Date;
  signal?: AbortSignal;
}): AsyncGenerator<FarmStreamMessage> {
  const { db, hub, signal } = options;
  const queue: PrinterChange[][] = [];
  let wake: (() => void) | undefined;
  let missed = false;
  const unsubscribe = hub.subscribe(
    (batch) => {
      queue.push(batch);
      wake?.();
    },
    () => {
      missed = true;
      wake?.();
    },
  );
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  hub.closedSignal.addEventListener("abort", onAbort);
  let cursor = options.since ?? new Date();
  const message = (printers: FarmPrinter[], removed: string[], resync: boolean): FarmStreamMessage => {
    for (const p of printers) if (p.updatedAt > cursor) cursor = p.updatedAt;
    return { cursor: cursor.toISOString(), printers, removed, resync };
  };
  try {
    if (options.since)
      yield message(await farmChangedSince(db, new Date(options.since.getTime() - resumeMarginMs)), [], true);
    while (!signal?.aborted && !hub.closedSignal.aborted) {
      if (!queue.length && !missed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if (missed) {
        missed = false;
        queue.length = 0;
        yield message(await farmChangedSince(db, new Date(cursor.getTime() - resumeMarginMs)), [], true);
        continue;
      }
      const { printers, removed } = await rowsOfBatches(db, queue.splice(0));
      yield message(printers, removed, false);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    hub.closedSignal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
