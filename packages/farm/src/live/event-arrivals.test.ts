import { describe, expect, it } from "vitest";
import { eventArrivals } from "./event-arrivals";
import type { PrinterChange } from "./printer-updates-hub";

/** The hub's two callbacks, driven by the test. */
function fakeHub() {
  const closing = new AbortController();
  const hub = {
    batch: (_batch: PrinterChange[]) => {},
    reconnect: () => {},
    subscribed: 0,
    closedSignal: closing.signal,
    close: () => closing.abort(),
    subscribe(listener: (batch: PrinterChange[]) => void, onReconnect?: () => void) {
      hub.batch = listener;
      hub.reconnect = onReconnect ?? (() => {});
      hub.subscribed++;
      return () => hub.subscribed--;
    },
  };
  return hub;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("eventArrivals", () => {
  it("says which printers got events, ignores status-only batches and other printers when filtered", async () => {
    const hub = fakeHub();
    const stream = eventArrivals(hub, { printerId: "p1", minIntervalMs: 10 });
    const first = stream.next();
    await tick();
    hub.batch([{ printerId: "p1", changes: ["status"] }]);
    hub.batch([{ printerId: "p2", changes: ["event"] }]);
    hub.batch([{ printerId: "p1", changes: ["status", "event"] }]);
    expect((await first).value).toEqual({ printerIds: ["p1"], maybeMissed: false });
    const second = stream.next();
    hub.reconnect();
    expect((await second).value).toEqual({ printerIds: [], maybeMissed: true });
    hub.close();
    expect((await stream.next()).done).toBe(true);
    expect(hub.subscribed).toBe(0);
  });

  it("collects arrivals during the interval into one message", async () => {
    const hub = fakeHub();
    const stream = eventArrivals(hub, { minIntervalMs: 50 });
    const first = stream.next();
    await tick();
    hub.batch([{ printerId: "a", changes: ["event"] }]);
    await first;
    const second = stream.next();
    for (const id of ["b", "c", "b"]) hub.batch([{ printerId: id, changes: ["event"] }]);
    expect((await second).value).toEqual({ printerIds: ["b", "c"], maybeMissed: false });
    const controller = new AbortController();
    const third = eventArrivals(hub, { signal: controller.signal }).next();
    controller.abort();
    expect((await third).done).toBe(true);
  });
});
