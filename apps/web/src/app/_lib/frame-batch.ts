// Collects items that arrive between two frames and hands them over together, at most once per
// animation frame. A hidden tab gets no animation frames, so a timer (1 s) flushes there too:
// the cache stays current for when the tab comes back, without work on every message.
export interface FrameBatch<T> {
  push(item: T): void;
  /** Drops what is pending and stops (unmount). */
  cancel(): void;
}

const hiddenFlushMs = 1_000;

export function createFrameBatch<T>(flush: (items: T[]) => void): FrameBatch<T> {
  let pending: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = timer = undefined;
  };
  const run = () => {
    clear();
    const items = pending;
    pending = [];
    if (items.length) flush(items);
  };
  return {
    push(item) {
      pending.push(item);
      if (frame !== undefined || timer !== undefined) return;
      if (document.visibilityState !== "hidden") frame = requestAnimationFrame(run);
      // Also when visible: a tab hidden after the frame was asked for would never run it.
      timer = setTimeout(run, hiddenFlushMs);
    },
    cancel() {
      clear();
      pending = [];
    },
  };
}
