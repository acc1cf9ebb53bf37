// The dashboard's live stream: one per browser, fed by the process's farm cache (every stream
// gets the very same message objects; nothing is read per stream). A stream resuming from a
// cursor (tRPC's lastEventId) first gets every row written since then, whole (`resync`).
// tRPC pulls the next message only when the response can take it, so a browser that stops
// reading would hold every later message here: past `maxQueued` they are dropped and the
// stream keeps only which printers changed or went; when it reads again it gets one catch-up
// message (those printers' current rows, whole, and the removed ids) and continues from there.
import type { FarmDeltaMessage } from "./farm-delta";
import type { FarmCache } from "./farm-cache";

/** Messages a stream may fall behind before it collapses them into one catch-up. */
export const maxQueuedMessages = 200;

export async function* farmUpdates(
  cache: Pick<FarmCache, "subscribe" | "resumeFrom" | "closedSignal" | "cursor" | "row">,
  options: { since?: Date; signal?: AbortSignal; maxQueued?: number } = {},
): AsyncGenerator<FarmDeltaMessage> {
  const { since, signal, maxQueued = maxQueuedMessages } = options;
  const queue: FarmDeltaMessage[] = [];
  /** Set while the stream is too far behind: the printers changed and removed meanwhile. */
  let behind: { changed: Set<string>; removed: Set<string> } | undefined;
  const absorb = (message: FarmDeltaMessage) => {
    for (const { id } of [...message.upserts, ...message.patches]) {
      behind!.changed.add(id);
      behind!.removed.delete(id);
    }
    for (const id of message.removed) {
      behind!.changed.delete(id);
      behind!.removed.add(id);
    }
  };
  let wake: (() => void) | undefined;
  const unsubscribe = cache.subscribe((message) => {
    if (behind) absorb(message);
    else if (queue.push(message) > maxQueued) {
      behind = { changed: new Set(), removed: new Set() };
      for (const queued of queue.splice(0)) absorb(queued);
    }
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  cache.closedSignal.addEventListener("abort", onAbort);
  const ended = () => signal?.aborted || cache.closedSignal.aborted;
  try {
    // subscribed first: what changes while the catch-up is built follows it
    if (since) yield await cache.resumeFrom(since);
    while (!ended()) {
      const message = queue.shift();
      if (message) {
        yield message;
        continue;
      }
      if (behind) {
        const { changed, removed } = behind;
        behind = undefined;
        const upserts = [...changed].flatMap((id) => cache.row(id) ?? []);
        yield { cursor: cache.cursor, resync: true, upserts, patches: [], removed: [...removed] };
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    cache.closedSignal.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
