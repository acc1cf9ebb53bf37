import { describe, expect, it } from "vitest";
import type { CameraRelay, RelayViewer } from "@printernizer/farm/camera/camera-relay";
import { CameraWireDecoder, type CameraMessage } from "@printernizer/farm/camera/camera-wire";
import { cameraStreamBody } from "./camera-response";

/** A relay whose cameras the test drives; counts who is watching. */
function fakeRelay() {
  const viewers = new Map<string, RelayViewer>();
  const relay = {
    watch: (id: string, viewer: RelayViewer) => {
      viewers.set(id, viewer);
      return () => viewers.delete(id);
    },
  } as unknown as CameraRelay;
  return { relay, viewers };
}

const frame = (n: number, size = 100_000) => {
  const jpeg = new Uint8Array(size);
  jpeg.set([0xff, 0xd8, n]);
  return jpeg;
};

async function readAll(body: ReadableStream<Uint8Array>, upTo: number): Promise<CameraMessage[]> {
  const reader = body.getReader();
  const decoder = new CameraWireDecoder();
  const out: CameraMessage[] = [];
  while (out.length < upTo) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(...decoder.push(value));
  }
  reader.releaseLock();
  return out;
}

describe("a browser's camera stream", () => {
  it("multiplexes printers by channel and tells each camera's state first", async () => {
    const { relay, viewers } = fakeRelay();
    const body = cameraStreamBody(relay, ["a", "b"], new AbortController().signal);
    viewers.get("a")!.onState({ state: "live" });
    viewers.get("b")!.onFrame(frame(7, 10), 123);
    const got = await readAll(body, 2);
    expect(got[0]).toEqual({ type: "state", channel: 0, state: { state: "live" } });
    expect(got[1]).toMatchObject({ type: "frame", channel: 1, at: 123 });
  });

  it("a browser that does not read gets at most ~1 MiB queued, then the newest frame; nothing grows without bound", async () => {
    const { relay, viewers } = fakeRelay();
    const ended = new AbortController();
    const body = cameraStreamBody(relay, ["a"], ended.signal);
    for (let n = 0; n < 200; n++) viewers.get("a")!.onFrame(frame(n), n); // 20 MB offered, nothing read
    const reader = body.getReader();
    const decoder = new CameraWireDecoder();
    const frames: number[] = [];
    // read what was queued, then what the stream keeps for the moment the browser reads again
    for (let reads = 0; reads < 12; reads++) {
      const { value } = await reader.read();
      for (const m of decoder.push(value!)) if (m.type === "frame") frames.push(m.jpeg[2]!);
    }
    expect(frames.length).toBeLessThanOrEqual(12); // ~1 MiB of 100 kB frames
    expect(frames.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // the queued ones, in order
    expect(frames.at(-1)).toBe(199); // the newest frame, not the 190 in between
    ended.abort();
    expect(viewers.size).toBe(0); // the relay is left when the browser goes
  });

  it("a browser gone before its stream is built holds no camera", () => {
    const { relay, viewers } = fakeRelay();
    const ended = new AbortController();
    ended.abort();
    cameraStreamBody(relay, ["a", "b"], ended.signal);
    expect(viewers.size).toBe(0);
  });
});
