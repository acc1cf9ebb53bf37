import { describe, expect, it } from "vitest";
import { UploadSlots } from "./upload-slots";

describe("UploadSlots", () => {
  it("lets `max` uploads run, queues the rest in order and says so once each", async () => {
    const slots = new UploadSlots(2);
    const signal = new AbortController().signal;
    const a = await slots.acquire(signal);
    const b = await slots.acquire(signal);
    const waits: string[] = [];
    const order: string[] = [];
    const c = slots.acquire(signal, () => waits.push("c")).then((r) => (order.push("c"), r));
    const d = slots.acquire(signal, () => waits.push("d")).then((r) => (order.push("d"), r));
    expect(waits).toEqual(["c", "d"]);
    expect(slots.inUse).toBe(2);
    a();
    a(); // a second release of the same slot gives nothing away
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    b();
    (await d)();
    releaseC();
    expect(order).toEqual(["c", "d"]);
    expect(slots.inUse).toBe(0);
  });

  it("a waiter whose signal aborts leaves the line without taking a slot", async () => {
    const slots = new UploadSlots(1);
    const release = await slots.acquire(new AbortController().signal);
    const stop = new AbortController();
    const waiting = slots.acquire(stop.signal);
    stop.abort(new Error("worker stopping"));
    await expect(waiting).rejects.toThrow("worker stopping");
    release();
    expect(slots.inUse).toBe(0);
    (await slots.acquire(new AbortController().signal))();
  });

  it("refuses a limit below one", () => {
    expect(() => new UploadSlots(0)).toThrow(/≥ 1/);
  });
});
