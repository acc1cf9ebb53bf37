// The PrusaLink adapter against the PrusaLink simulator on loopback: every interface method and
// every error path (wrong auth, 409, 204, timeout, 500, printer gone and back).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import type { ConnectionPolicy } from "../core/adapter";
import {
  PrinterConflictError,
  PrinterDownloadError,
  PrinterHttpError,
  PrinterTimeoutError,
} from "../core/errors";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import { PrusaLinkConfigSchema, type PrusaLinkConfig } from "./prusalink-config";

const fastPolicy: Partial<ConnectionPolicy> = {
  baseDelayMs: 50,
  maxDelayMs: 300,
  failureThreshold: 3,
  openMs: 200,
  requestTimeoutMs: 1_000,
};

let sim: PrusaLinkSimulator;
let events: EventRecorder;
const adapters: PrusaLinkAdapter[] = [];

function makeAdapter(
  config: Partial<PrusaLinkConfig> = {},
  policy: Partial<ConnectionPolicy> = fastPolicy,
): PrusaLinkAdapter {
  const parsed = PrusaLinkConfigSchema.parse({
    host: sim.host,
    port: sim.port,
    password: sim.options.password,
    pollIntervalMs: 250,
    ...config,
  });
  const adapter = new PrusaLinkAdapter({ printerId: "printer-1", config: parsed, events, policy });
  adapters.push(adapter);
  return adapter;
}

beforeEach(async () => {
  sim = await new PrusaLinkSimulator({ timeScale: 1, seedFiles: true }).start();
  events = new EventRecorder();
});

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await sim.stop();
});

describe("PrusaLink adapter ↔ Buddy simulator", () => {
  it("testConnection reports identity and firmware", async () => {
    const result = await makeAdapter().testConnection();
    expect(result).toEqual({
      ok: true,
      identity: { model: "MK4", serial: sim.options.serial, firmware: "2.1.2", hostname: "prusa-mk4" },
    });
  });

  it("testConnection tells authorization, unreachable and timeout apart", async () => {
    expect(await makeAdapter({ password: "wrong" }).testConnection()).toMatchObject({
      ok: false,
      reason: "authorization",
    });
    expect(await makeAdapter({ password: undefined, apiKey: "wrong" }).testConnection()).toMatchObject({
      ok: false,
      reason: "authorization",
    });
    sim.setFaults({ hang: true });
    expect(await makeAdapter({}, { ...fastPolicy, requestTimeoutMs: 300 }).testConnection()).toMatchObject({
      ok: false,
      reason: "timeout",
    });
    sim.clearFaults();
    await sim.goAway();
    expect(await makeAdapter().testConnection()).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it("connects, reports idle status once, and no job (204)", async () => {
    const adapter = makeAdapter();
    await adapter.connect();
    await waitFor(() => events.count("printer_status_updated") > 0, "first status");
    expect(events.ofType("printer_connected")[0]?.identity).toEqual({
      model: "MK4",
      firmware: "2.1.2",
      serial: sim.options.serial,
    });
    const status = await adapter.getStatus();
    expect(status.state).toBe("idle");
    expect(status.temperatures.nozzle?.current).toBeGreaterThan(15);
    expect(await adapter.getCurrentJob()).toBeUndefined();
    expect(adapter.isHealthy()).toBe(true);
    expect(adapter.health()).toMatchObject({ connected: true, circuit: "closed" });
    // Idle printer, several polls: the status event is not repeated.
    const polls = sim.counters().requests;
    await waitFor(() => sim.counters().requests >= polls + 3, "more polls");
    expect(events.count("printer_status_updated")).toBe(1);
  });

  it("lists files recursively with long names, re-listing via ETag 304", async () => {
    const adapter = makeAdapter();
    const files = await adapter.listFiles();
    const byName = new Map(files.map((f) => [f.name, f]));
    expect(byName.get("PAINTI~1.BGC")).toMatchObject({
      displayName: "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode",
      path: "/usb/PAINTI~1.BGC",
      type: "print",
      thumbnailRef: "/thumb/l/usb/PAINTI~1.BGC",
      readOnly: false,
    });
    expect(byName.get("CALIBR~1")).toMatchObject({ type: "folder", displayName: "Calibration" });
    expect(byName.get("CALIBR~1.BGC")).toMatchObject({
      path: "/usb/CALIBR~1/CALIBR~1.BGC",
      displayName: "calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode",
    });
    const before = sim.counters().statuses[304] ?? 0;
    expect(await adapter.listFiles()).toEqual(files);
    expect((sim.counters().statuses[304] ?? 0) - before).toBe(2); // root + Calibration unchanged
    // A new file changes the folder ETag: the next listing is fetched in full.
    const uploadOwner = sim.storage.addFile(sim.storage.root, "new_part.gcode", Buffer.from("G28\n"));
    const after = await adapter.listFiles();
    expect(after.find((f) => f.name === uploadOwner.sfn)?.displayName).toBe("new_part.gcode");
  });

  it("streams downloads and thumbnails", async () => {
    const adapter = makeAdapter();
    const expected = sim.storage.find("/usb/GHOST_~1.BGC")!.bytes!;
    const download = await adapter.downloadFile("/usb/GHOST_~1.BGC");
    expect(download.size).toBe(expected.length);
    let chunks = 0;
    const received: Buffer[] = [];
    for await (const chunk of download.stream) {
      chunks += 1;
      received.push(chunk as Buffer);
    }
    expect(chunks).toBeGreaterThan(1);
    expect(Buffer.concat(received).equals(expected)).toBe(true);
    expect(Buffer.concat(received).subarray(0, 4).toString()).toBe("GCDE");
    const thumb = await adapter.getThumbnail("/thumb/l/usb/GHOST_~1.BGC");
    const png: Buffer[] = [];
    for await (const chunk of thumb!.stream) png.push(chunk as Buffer);
    expect(Buffer.concat(png).subarray(1, 4).toString()).toBe("PNG");
    expect(thumb!.contentType).toBe("image/png");
    expect(await adapter.getThumbnail("/thumb/l/usb/BOX~1.GCO")).toBeUndefined();
    await expect(adapter.downloadFile("/usb/NOPE.GCO")).rejects.toBeInstanceOf(PrinterDownloadError);
  });

  it("follows a print: started, paused, 409 with the printer's reason, resumed, completed", async () => {
    sim.engine.timeScale = 400; // 31 simulated minutes in ~5 s
    const adapter = makeAdapter();
    await adapter.connect();
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    const started = await waitFor(() => events.ofType("job_started")[0], "job_started");
    expect(started.job).toMatchObject({
      name: "PAINTI~1.BGC",
      displayName: "painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode",
      state: "PRINTING",
    });
    const job = await adapter.getCurrentJob();
    expect(job?.id).toBe(started.job.id);
    await adapter.pauseJob();
    await waitFor(() => events.count("job_paused") === 1, "job_paused");
    const pausedProgress = (await adapter.getStatus()).job?.progress;
    const error = await adapter.pauseJob().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toBe("Can't pause right now");
    expect((await adapter.getStatus()).job?.progress).toBe(pausedProgress);
    await adapter.resumeJob();
    await waitFor(() => events.count("job_resumed") === 1, "job_resumed");
    const completed = await waitFor(() => events.ofType("job_completed")[0], "job_completed", 30_000);
    expect(completed.job).toMatchObject({ id: started.job.id, state: "COMPLETED", progress: 100 });
    expect(events.count("job_progress_updated")).toBeGreaterThan(2);
    expect(events.count("temperature_updated")).toBeGreaterThan(1);
    expect(events.count("job_failed") + events.count("job_cancelled")).toBe(0);
    expect(sim.connections().peakOpen).toBeLessThanOrEqual(2);
  });

  it("cancels with DELETE of the current job id", async () => {
    const adapter = makeAdapter();
    await adapter.connect();
    await expect(adapter.cancelJob()).rejects.toBeInstanceOf(PrinterConflictError);
    sim.startPrint("/usb/GHOST_~1.BGC");
    await waitFor(() => events.count("job_started") === 1, "job_started");
    await adapter.cancelJob();
    expect(sim.engine.printerState).toBe("STOPPED");
    expect(events.ofType("job_cancel_requested")[0]?.jobId).toBe(events.ofType("job_started")[0]!.job.id);
    const cancelled = await waitFor(() => events.ofType("job_cancelled")[0], "job_cancelled");
    expect(cancelled.job.state).toBe("CANCELLED");
  });

  it("wrong credentials: one auth error event, no retry storm, recovery when fixed", async () => {
    const slowRetry = {
      ...fastPolicy,
      maxDelayMs: 1_500,
      openMs: 1_500,
      authRetryDelaysMs: [1_500],
      authRetryMs: 1_500,
    };
    const adapter = makeAdapter({}, slowRetry);
    await adapter.connect();
    await waitFor(() => events.count("printer_status_updated") > 0, "first status");
    const original = sim.options.password;
    sim.setPassword("rotated-on-the-printer");
    sim.resetCounters();
    await waitFor(() => events.count("printer_auth_error") === 1, "printer_auth_error");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(events.count("printer_auth_error")).toBe(1);
    // One poll (stale-less 401) and nothing more while the circuit is open.
    expect(sim.counters().authRejected).toBeLessThanOrEqual(3);
    sim.setPassword(original);
    await waitFor(() => events.count("printer_connected") === 2, "reconnect after password fix");
    expect(events.count("printer_auth_error")).toBe(1);
  });

  it("times out, surfaces 500s, keeps the circuit honest", async () => {
    const adapter = makeAdapter({}, { ...fastPolicy, requestTimeoutMs: 300 });
    await adapter.getStatus();
    sim.setFaults({ failWith: { status: 500, count: 1 } });
    const error = await adapter.getStatus().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterHttpError);
    expect((error as PrinterHttpError).status).toBe(500);
    sim.setFaults({ hang: true });
    await expect(adapter.getStatus()).rejects.toBeInstanceOf(PrinterTimeoutError);
    await expect(adapter.getStatus()).rejects.toBeInstanceOf(PrinterTimeoutError);
    await expect(adapter.getStatus()).rejects.toBeInstanceOf(PrinterTimeoutError);
    expect(adapter.health().circuit).toBe("open");
    await expect(adapter.getStatus()).rejects.toThrow(/circuit open/);
    sim.clearFaults();
    await waitFor(() => adapter.health().circuit === "half-open", "half-open");
    expect((await adapter.getStatus()).state).toBe("idle");
    expect(adapter.health().circuit).toBe("closed");
  });

  it("printer gone and back: connection lost, then reconnect without restart", async () => {
    const adapter = makeAdapter();
    await adapter.connect();
    await waitFor(() => events.count("printer_status_updated") > 0, "first status");
    await sim.goAway();
    await waitFor(() => events.count("printer_connection_lost") === 1, "connection lost");
    expect(adapter.health().connected).toBe(false);
    await waitFor(() => events.count("printer_connection_failed") >= 1, "failed reconnect attempt");
    await sim.comeBack();
    await waitFor(() => events.count("printer_connected") === 2, "reconnected");
    expect(adapter.health().reconnects).toBe(1);
    // After the reconnect the status is published afresh.
    await waitFor(() => events.count("printer_status_updated") === 2, "status after reconnect");
    // Dropped sockets are survived too.
    sim.dropConnections();
    expect((await adapter.getStatus()).state).toBe("idle");
  });

  it("survives a stale Digest nonce (re-auth without an auth error)", async () => {
    await sim.stop();
    sim = await new PrusaLinkSimulator({ nonceValiditySeconds: 1 }).start();
    const adapter = makeAdapter();
    await adapter.getStatus();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await adapter.getStatus();
    expect(sim.counters().statuses[401]).toBe(2); // the first challenge and one stale=true
  });

  it("uses X-Api-Key when only an API key is configured", async () => {
    const adapter = makeAdapter({ password: undefined, apiKey: sim.options.password });
    expect((await adapter.getStatus()).state).toBe("idle");
    expect(sim.counters().statuses[401]).toBeUndefined();
  });

  it("disconnect closes every socket and publishes printer_disconnected", async () => {
    const adapter = makeAdapter();
    await adapter.connect();
    await waitFor(() => events.count("printer_status_updated") > 0, "first status");
    await adapter.disconnect();
    await adapter.disconnect();
    expect(events.count("printer_disconnected")).toBe(1);
    await waitFor(() => sim.connections().open === 0, "sockets closed");
  });
});

describe("PrusaLink adapter ↔ other flavours", () => {
  it("Raspberry Pi Prusa-Link: MD5-sess Digest, storage list, real names, raw downloads", async () => {
    await sim.stop();
    sim = await new PrusaLinkSimulator({ flavour: "rpi", timeScale: 1 }).start();
    const adapter = makeAdapter({ username: "admin" });
    expect(await adapter.testConnection()).toMatchObject({
      ok: true,
      identity: { model: "PrusaLink I3MK3S", firmware: "3.14.0-8066" },
    });
    const files = await adapter.listFiles();
    const ghost = files.find((f) => f.displayName === "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode")!;
    expect(ghost.path).toBe("/local/ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode");
    expect(ghost.size).toBe(sim.storage.find(ghost.path)!.bytes!.length);
    const download = await adapter.downloadFile(ghost.path);
    expect(download.fileName).toBe("ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode");
    download.stream.resume();
    sim.startPrint(ghost.path);
    await adapter.pauseJob();
    await expect(adapter.pauseJob()).rejects.toThrow("Printer Is Not Printing");
    expect(
      await makeAdapter({ password: undefined, apiKey: "sim-api-key", username: "admin" }).testConnection(),
    ).toMatchObject({ ok: true });
    expect(await makeAdapter({ password: undefined, apiKey: "bad" }).testConnection()).toMatchObject({
      ok: false,
      reason: "authorization",
    });
  });

  it("legacy API (0.9.0-legacy, Prusa-Link 0.7 on a Pi): status, files and commands via OctoPrint-style endpoints", async () => {
    await sim.stop();
    sim = await new PrusaLinkSimulator({ flavour: "rpi", legacyApi: true, timeScale: 1 }).start();
    const adapter = makeAdapter({ username: "admin" });
    const ghost = "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode";
    const files = await adapter.listFiles();
    expect(files.find((f) => f.name === ghost)).toMatchObject({
      displayName: ghost,
      path: `/local/${ghost}`,
    });
    await adapter.connect();
    sim.startPrint(`/local/${ghost}`);
    const started = await waitFor(() => events.ofType("job_started")[0], "job_started");
    expect(started.job).toMatchObject({ id: `/local/${ghost}`, name: ghost, displayName: ghost });
    await adapter.pauseJob();
    expect(sim.engine.printerState).toBe("PAUSED");
    await adapter.resumeJob();
    await adapter.cancelJob();
    expect(sim.engine.printerState).toBe("STOPPED");
    // Prusa-Link reports STOPPED as "Cancelling" with the file still selected: the job is cancelled.
    const cancelled = await waitFor(() => events.ofType("job_cancelled")[0], "job_cancelled");
    expect(cancelled.job.id).toBe(`/local/${ghost}`);
    const download = await adapter.downloadFile(`/local/${ghost}`);
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(sim.storage.find(`/local/${ghost}`)!.bytes!)).toBe(true);
  });
});
