import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@printernizer/logger";
import type { CameraHandler, PrinterAdapter } from "@printernizer/printers";
import type { CameraWireState } from "@printernizer/farm/camera/camera-wire";
import { CameraHub, offlineSentence } from "./camera-hub";

const logger = createLogger({ name: "camera-hub-test", level: "silent" });
const jpeg = (n: number) => Buffer.from([0xff, 0xd8, n, 0xff, 0xd9]);

/** An adapter whose camera is driven by the test: how often it was opened and closed. */
function fakeAdapter() {
  const cam = { opened: 0, closed: 0, handler: undefined as CameraHandler | undefined, connected: true };
  const adapter = {
    health: () => ({ connected: cam.connected }),
    openCamera: (handler: CameraHandler) => {
      cam.opened++;
      cam.handler = handler;
      return { close: async () => void cam.closed++ };
    },
  } as unknown as PrinterAdapter;
  return { adapter, cam };
}

function viewer() {
  const seen = { frames: [] as number[], states: [] as CameraWireState[], ended: 0 };
  return {
    seen,
    viewer: {
      onFrame: (f: Buffer) => seen.frames.push(f[2]!),
      onState: (s: CameraWireState) => seen.states.push(s),
      onEnd: () => seen.ended++,
    },
  };
}

describe("CameraHub", () => {
  afterEach(() => vi.useRealTimers());

  it("opens one upstream for many viewers, fans frames out, and closes it a linger after the last leaves", async () => {
    vi.useFakeTimers();
    const { adapter, cam } = fakeAdapter();
    const hub = new CameraHub({ adapterOf: () => adapter, lingerMs: 10_000, logger });
    const watchers = [viewer(), viewer(), viewer()];
    const handles = watchers.map((w) => hub.watch("p1", w.viewer));
    expect(cam.opened).toBe(1);
    expect(hub.openUpstreams()).toBe(1);
    cam.handler!.onFrame(jpeg(1));
    cam.handler!.onFrame(jpeg(2));
    for (const w of watchers) expect(w.seen.frames).toEqual([1, 2]);
    expect(watchers[0]!.seen.states.at(-1)).toEqual({ state: "live" });

    // a late viewer gets the latest frame at once
    const late = viewer();
    const lateHandle = hub.watch("p1", late.viewer);
    expect(late.seen.frames).toEqual([2]);
    for (const h of [...handles, lateHandle]) if (h.ok) h.release();
    expect(cam.closed).toBe(0);
    await vi.advanceTimersByTimeAsync(9_000);
    // back within the linger: the same upstream
    const again = hub.watch("p1", viewer().viewer);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cam.opened).toBe(1);
    expect(cam.closed).toBe(0);
    if (again.ok) again.release();
    await vi.advanceTimersByTimeAsync(10_001);
    expect(cam.closed).toBe(1);
    expect(hub.openUpstreams()).toBe(0);
    await hub.close();
  });

  it("answers not_owner and no_camera, and drops frames that are not JPEG", async () => {
    const { adapter, cam } = fakeAdapter();
    const noCamera = { health: () => ({ connected: true }) } as unknown as PrinterAdapter;
    const hub = new CameraHub({
      adapterOf: (id) => (id === "mine" ? adapter : id === "prusa" ? noCamera : undefined),
      lingerMs: 0,
      logger,
    });
    expect(hub.watch("other", viewer().viewer)).toEqual({ ok: false, reason: "not_owner" });
    expect(hub.watch("prusa", viewer().viewer)).toEqual({ ok: false, reason: "no_camera" });
    const w = viewer();
    hub.watch("mine", w.viewer);
    cam.handler!.onFrame(Buffer.from("not a jpeg"));
    cam.handler!.onFrame(jpeg(7));
    expect(w.seen.frames).toEqual([7]);
    await hub.close();
  });

  it("passes the camera's sentence on, says offline when the printer is, and ends viewers when the printer moves", async () => {
    vi.useFakeTimers();
    const { adapter, cam } = fakeAdapter();
    let owned: PrinterAdapter | undefined = adapter;
    const hub = new CameraHub({ adapterOf: () => owned, lingerMs: 0, logger, sweepMs: 1_000 });
    const w = viewer();
    hub.watch("p1", w.viewer);
    expect(w.seen.states).toEqual([{ state: "connecting" }]);
    const off = "live view is off on the printer: turn on LAN live view";
    cam.handler!.onState({ state: "error", message: off, retryInMs: 5_000 });
    expect(w.seen.states.at(-1)).toEqual({ state: "error", message: off, retryInMs: 5_000 });
    cam.connected = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.seen.states.at(-1)).toEqual({ state: "error", message: offlineSentence });
    const told = w.seen.states.length;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(w.seen.states).toHaveLength(told); // the sweep repeats nothing
    owned = undefined;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.seen.ended).toBe(1);
    expect(cam.closed).toBe(1);
    await hub.close();
  });

  it("takes a snapshot by opening the camera for its first frame", async () => {
    const { adapter, cam } = fakeAdapter();
    const hub = new CameraHub({ adapterOf: () => adapter, lingerMs: 0, logger });
    const shot = hub.snapshot("p1", { timeoutMs: 1_000, maxAgeMs: 1_000 });
    cam.handler!.onFrame(jpeg(9));
    const got = await shot;
    expect(got.ok && got.jpeg[2]).toBe(9);
    const none = await hub.snapshot("p2", { timeoutMs: 50, maxAgeMs: 0 });
    expect(none).toMatchObject({ ok: false, reason: "no_frame" });
    await hub.close();
  });
});
