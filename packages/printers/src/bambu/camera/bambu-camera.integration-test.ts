// BambuAdapter.openCamera against the Bambu simulator's cameras on loopback (127.70.x): the
// P1S port-6000 protocol and the X1C RTSPS stream read through ffmpeg. One upstream per stream,
// closed means closed on the printer's side too, and every failure is a sentence.
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator, type BambuSimulatorOptions } from "@printernizer/printer-sim/bambu";
import type { CameraStream, CameraStreamState } from "../../core/camera";
import { EventRecorder, waitFor } from "../../testing/event-recorder";
import { bambuSimConfig } from "../../testing/bambu-sim-config";
import { BambuAdapter } from "../bambu-adapter";
import type { BambuConfig } from "../bambu-config";
import { REFUSED_ACCESS_CODE } from "./chamber-image-client";
import { LIVE_VIEW_OFF } from "./rtsps-client";

const sims: BambuSimulator[] = [];
const adapters: BambuAdapter[] = [];
const streams: CameraStream[] = [];
let address = 0;

afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function startSim(options: BambuSimulatorOptions): Promise<BambuSimulator> {
  address += 1;
  const sim = await new BambuSimulator({
    host: `127.70.${process.pid % 200}.${address}`,
    reportIntervalMs: 100,
    cameraFrameIntervalMs: 200,
    ...options,
  }).start();
  sims.push(sim);
  return sim;
}

function adapterFor(sim: BambuSimulator, config: Partial<BambuConfig> = {}) {
  const events = new EventRecorder();
  const adapter = new BambuAdapter({
    printerId: `cam-${sim.serial}`,
    config: bambuSimConfig(sim, config),
    events,
    policy: { requestTimeoutMs: 5_000, baseDelayMs: 50, maxDelayMs: 300 },
    timings: { cameraRetryBaseMs: 100, cameraRetryMaxMs: 400, cameraStallMs: 10_000 },
  });
  adapters.push(adapter);
  return { adapter, events };
}

function watch(adapter: BambuAdapter) {
  const frames: Buffer[] = [];
  const states: CameraStreamState[] = [];
  const stream = adapter.openCamera({ onFrame: (jpeg) => frames.push(jpeg), onState: (s) => states.push(s) });
  streams.push(stream);
  return { frames, states, stream };
}

/** Width and height from the JPEG's SOF0 segment; undefined when the file is not a baseline JPEG. */
function jpegSize(data: Buffer): { width: number; height: number } | undefined {
  if (data[0] !== 0xff || data[1] !== 0xd8 || data.at(-2) !== 0xff || data.at(-1) !== 0xd9) return undefined;
  let at = 2;
  while (at + 9 < data.length && data[at] === 0xff) {
    const marker = data[at + 1]!;
    if (marker === 0xc0) return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
    at += 2 + data.readUInt16BE(at + 2);
  }
  return undefined;
}

const errorMessages = (states: CameraStreamState[]) =>
  states.flatMap((s) => (s.state === "error" ? [s.message] : []));

describe("P1S camera (port 6000)", () => {
  it("frames arrive as whole JPEGs over one connection, and close() leaves the printer none", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter } = adapterFor(sim);
    const { frames, states, stream } = watch(adapter);
    await waitFor(() => frames.length >= 3, "three frames");
    expect(states[0]).toEqual({ state: "connecting" });
    expect(states).toContainEqual({ state: "live" });
    expect(frames.map(jpegSize)).toEqual(frames.map(() => ({ width: 480, height: 272 })));
    expect(sim.cameraConnections).toBe(1);
    expect(sim.cameraConnectionsTotal).toBe(1);
    await stream.close();
    await waitFor(() => sim.cameraConnections === 0, "the simulator to see the camera connection close");
    const count = frames.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(frames.length).toBe(count);
    expect(sim.cameraConnectionsTotal).toBe(1);
  });

  it("a wrong access code is refused with a sentence, retried, and the retries stop on close()", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter } = adapterFor(sim, { accessCode: "87654321" });
    const { frames, states, stream } = watch(adapter);
    await waitFor(() => errorMessages(states).length >= 2, "two refused attempts");
    expect(errorMessages(states)[0]).toBe(REFUSED_ACCESS_CODE);
    expect(states.find((s) => s.state === "error")).toMatchObject({ retryInMs: expect.any(Number) });
    expect(frames).toHaveLength(0);
    await stream.close();
    const attempts = sim.cameraConnectionsTotal;
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(sim.cameraConnectionsTotal).toBe(attempts);
    expect(sim.cameraConnections).toBe(0);
  });

  it("live view switched off on the printer: the closed port is said in words, frames return when it is on", async () => {
    const sim = await startSim({ model: "P1S", liveView: false });
    const { adapter } = adapterFor(sim);
    const { frames, states } = watch(adapter);
    await waitFor(() => errorMessages(states).length >= 1, "a refused attempt");
    expect(errorMessages(states)[0]).toMatch(/refused the connection: check that LAN live view is on/);
    await sim.setLiveView(true);
    await waitFor(() => frames.length >= 1, "a frame once live view is on");
  });
});

describe("X1C camera (RTSPS on 322 through ffmpeg)", () => {
  it("live view off in the report: the sentence, no connection; on: JPEG frames over one connection", async () => {
    const sim = await startSim({ model: "X1C", liveView: false });
    const { adapter, events } = adapterFor(sim);
    await adapter.connect();
    await waitFor(() => events.count("printer_status_updated") > 0, "first status");
    expect((await adapter.getStatus()).camera).toEqual({ transport: "rtsps", liveView: "off" });
    const { frames, states, stream } = watch(adapter);
    await waitFor(() => errorMessages(states).length >= 1, "the live view sentence");
    expect(errorMessages(states)[0]).toBe(LIVE_VIEW_OFF);
    expect(sim.cameraConnectionsTotal).toBe(0);

    await sim.setLiveView(true);
    await waitFor(async () => (await adapter.getStatus()).camera?.liveView === "on", "live view on");
    await waitFor(() => frames.length >= 2, "two frames through ffmpeg", 30_000);
    expect(frames.every((f) => jpegSize(f) !== undefined)).toBe(true);
    expect(jpegSize(frames[0]!)).toEqual({ width: 480, height: 272 });
    expect(sim.cameraConnections).toBe(1);
    await stream.close();
    await waitFor(() => sim.cameraConnections === 0, "the RTSPS connection to close");
  });

  it("a wrong access code: RTSP answers 401 and the stream says the access code was refused", async () => {
    const sim = await startSim({ model: "X1C" });
    const { adapter } = adapterFor(sim, { accessCode: "00000000" });
    const { frames, states } = watch(adapter);
    await waitFor(() => errorMessages(states).length >= 1, "a refused attempt", 30_000);
    expect(errorMessages(states)[0]).toBe(REFUSED_ACCESS_CODE);
    expect(frames).toHaveLength(0);
  });
});
