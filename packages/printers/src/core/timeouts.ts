// Timeout and cancellation helpers shared by every adapter: each network call gets a deadline
// and honours the caller's AbortSignal, and waits (backoff, poll interval) stop at once on abort.

/** A signal that aborts when `parent` aborts or after `timeoutMs`, whichever comes first. */
export function deadlineSignal(timeoutMs: number, parent?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return parent ? AbortSignal.any([parent, timeout]) : timeout;
}

/** True for the errors `fetch`/undici/timers throw when a signal aborted them. */
export function isAbortError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "AbortError" ||
    error.name === "TimeoutError" ||
    (error as { code?: string }).code === "UND_ERR_ABORTED"
  );
}

/** True when `signal` was aborted by its timeout (AbortSignal.timeout reason), not by a caller. */
export function isTimeoutReason(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === "TimeoutError";
}

/**
 * Calls `fn` once when `signal` aborts, or at once when it already has: an aborted signal never
 * fires "abort" again, so a listener added to one would wait forever. Returns the disposer that
 * removes the listener (call it when the work is done, or listeners pile up on a long-lived signal).
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    fn();
    return () => {};
  }
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("aborted");
  error.name = "AbortError";
  return error;
}
