// The events page's live signal: "new events were written for these printers", from the
// process's LISTEN hub (the worker NOTIFYs `event` with each batch it commits). Nothing is read
// per stream: the page refetches its list when told. Arrivals are collected while the browser
// is not reading and sent as one message, at most one per `minIntervalMs`; after the LISTEN
// connection was re-established (events may have been missed) a message says so.
import type { PrinterUpdatesHub } from "./printer-updates-hub";

export interface EventArrival {
  /** Printers with new events (empty with `maybeMissed`). */
  printerIds: string[];
  /** The LISTEN connection was re-established: reload, something may have been missed. */
  maybeMissed: boolean;
}

export const eventArrivalIntervalMs = 1_000;

export async function* eventArrivals(
  hub: Pick<PrinterUpdatesHub, "subscribe" | "closedSignal">,
  options: { printerId?: string; signal?: AbortSignal; minIntervalMs?: number } = {},
): AsyncGenerator<EventArrival> {
  const { printerId, signal, minIntervalMs = eventArrivalIntervalMs } = options;
  let pending = new Set<string>();
  let missed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = hub.subscribe(
    (batch) => {
      for (const change of batch)
        if (change.changes.includes("event") && (!printerId || change.printerId === printerId))
          pending.add(change.printerId);
      if (pending.size) wake?.();
    },
    () => {
      missed = true;
      wake?.();
    },
  );
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  hub.closedSignal.addEventListener("abort", onAbort);
  const ended = () => signal?.aborted || hub.closedSignal.aborted;
  try {
    while (!ended()) {
      if (pending.size || missed) {
        const message = { printerIds: [...pending], maybeMissed: missed };
        pending = new Set();
        missed = false;
        yield message;
        // at most one message a second: a busy farm's page refetches once, not per batch
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, minIntervalMs);
          wake = () => {
            if (!ended()) return;
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
    hub.closedSignal.removeEventListener("abort", onAbort);
  }
}
