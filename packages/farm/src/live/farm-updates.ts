// The dashboard's live stream: one per browser, fed by the process's farm cache (every stream
// gets the very same message objects; nothing is read per stream). A stream resuming from a
// cursor (tRPC's lastEventId) first gets every row written since then, whole (`resync`).
import type { FarmDeltaMessage } from "./farm-delta";
import type { FarmCache } from "./farm-cache";

export async function* farmUpdates(
  cache: FarmCache,
  options: { since?: Date; signal?: AbortSignal } = {},
): AsyncGenerator<FarmDeltaMessage> {
  const { since, signal } = options;
  const queue: FarmDeltaMessage[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = cache.subscribe((message) => {
    queue.push(message);
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
