import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFrameBatch } from "./frame-batch";

// Node has no frames: a frame here is a 16 ms timer, on fake time.
const page = { visibilityState: "visible" as DocumentVisibilityState };

describe("createFrameBatch", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("document", page);
    vi.stubGlobal("requestAnimationFrame", (run: () => void) => setTimeout(run, 16) as unknown as number);
    vi.stubGlobal("cancelAnimationFrame", (id: number) => clearTimeout(id));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    page.visibilityState = "visible";
  });

  it("hands over everything that arrived before the next frame in one call", () => {
    const flushed: number[][] = [];
    const batch = createFrameBatch<number>((items) => flushed.push(items));
    batch.push(1);
    batch.push(2);
    batch.push(3);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(16);
    expect(flushed).toEqual([[1, 2, 3]]);
    batch.push(4);
    vi.advanceTimersByTime(2_000);
    expect(flushed).toEqual([[1, 2, 3], [4]]);
  });

  it("a hidden tab (no frames) still gets its batch within a second", () => {
    page.visibilityState = "hidden";
    const flushed: string[][] = [];
    const batch = createFrameBatch<string>((items) => flushed.push(items));
    batch.push("a");
    vi.advanceTimersByTime(999);
    batch.push("b");
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([["a", "b"]]);
  });

  it("cancel drops what is pending", () => {
    const flush = vi.fn();
    const batch = createFrameBatch<number>(flush);
    batch.push(1);
    batch.cancel();
    vi.advanceTimersByTime(2_000);
    expect(flush).not.toHaveBeenCalled();
  });
});
