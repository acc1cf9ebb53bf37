// onAbort: the one way adapters listen for an abort, so an already aborted signal is never missed.
import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { onAbort } from "./timeouts";

describe("onAbort", () => {
  it("calls at once for a signal that already aborted (no abort event comes any more)", () => {
    const fn = vi.fn();
    onAbort(AbortSignal.abort(), fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("calls once when the signal aborts later, and not at all after its disposer ran", () => {
    const later = new AbortController();
    const fn = vi.fn();
    onAbort(later.signal, fn);
    expect(fn).not.toHaveBeenCalled();
    later.abort();
    expect(fn).toHaveBeenCalledTimes(1);

    const done = new AbortController();
    const other = vi.fn();
    const dispose = onAbort(done.signal, other);
    dispose();
    expect(getEventListeners(done.signal, "abort")).toHaveLength(0);
    done.abort();
    expect(other).not.toHaveBeenCalled();
  });

  it("does nothing without a signal", () => {
    const fn = vi.fn();
    onAbort(undefined, fn)();
    expect(fn).not.toHaveBeenCalled();
  });
});
