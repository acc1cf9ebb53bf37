// The dashboard's live stream: one per browser. Yields the rows of printers that changed
// (never the whole farm), each tagged with the change time so a reconnecting browser can
// resume: on resume, and whenever the hub's own LISTEN connection was re-established
// (notifications may have been missed), it first sends everything changed since then.
import type { Db } from "@printernizer/db";
import { farmChangedSince, getFarmPrinters, type FarmPrinter } from "../services/farm";
import type { PrinterChange, PrinterUpdatesHub } from "./printer-updates-hub";

export interface FarmStreamMessage {
  /** Max `updatedAt` of the rows sent: the id a reconnecting stream resumes from. */
  cursor: string;
  printers: FarmPrinter[];
  /** Ids that no longer exist (printer removed). */
  removed: string[];
  resync: boolean;
}

/** Margin for rows written in the same instant as the cursor, or by a slightly different clock. */
const resumeMarginMs = 2_000;

export async function* farmStream(options: { db: Db; hub: PrinterUpdatesHub; since?: Date; signal?: AbortSignal }): AsyncGenerator<FarmStreamMessage> {
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
    if (options.since) yield message(await farmChangedSince(db, new Date(options.since.getTime() - resumeMarginMs)), [], true);
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
      const ids = [...new Set(queue.splice(0).flat().map((c) => c.printerId))];
      const printers = await getFarmPrinters(db, ids);
      const found = new Set(printers.map((p) => p.id));
      yield message(printers, ids.filter((id) => !found.has(id)), false);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    hub.closedSignal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
