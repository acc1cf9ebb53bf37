// The Bambu adapter against the Bambu simulator on loopback (MQTT over TLS + implicit FTPS):
// every interface method, the commands, and every fault the simulator can inject.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator, type BambuSimulatorOptions } from "@printernizer/printer-sim/bambu";
import type { ConnectionPolicy } from "../core/adapter";
import { PrinterConflictError, PrinterDeveloperModeError, PrinterDownloadError } from "../core/errors";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { BambuAdapter } from "./bambu-adapter";
import type { BambuConfig, BambuTimings } from "./bambu-config";
import { bambuSimConfig } from "../testing/bambu-sim-config";

const fastPolicy: Partial<ConnectionPolicy> = {
  baseDelayMs: 50,
  maxDelayMs: 300,
  failureThreshold: 3,
  openMs: 200,
  requestTimeoutMs: 3_000,
};
const fastTimings: Partial<BambuTimings> = {
  watchdogMs: 800,
  commandTimeoutMs: 1_500,
  pushallIntervalMs: 300_000,
};

const sims: BambuSimulator[] = [];
const adapters: BambuAdapter[] = [];

async function startSim(options: BambuSimulatorOptions = {}): Promise<BambuSimulator> {
  const sim = await new BambuSimulator({
    host: "127.0.0.1",
    reportIntervalMs: 100,
    timeScale: 60,
    ...options,
  }).start();
  sims.push(sim);
  return sim;
}

function makeAdapter(
  sim: BambuSimulator,
  config: Partial<BambuConfig> = {},
  options: { policy?: Partial<ConnectionPolicy>; timings?: Partial<BambuTimings> } = {},
) {
  const events = new EventRecorder();
  const adapter = new BambuAdapter({
    printerId: "bambu-1",
    config: bambuSimConfig(sim, config),
    events,
    policy: { ...fastPolicy, ...options.policy },
    timings: { ...fastTimings, ...options.timings },
  });
  adapters.push(adapter);
  return { adapter, events };
}

async function connected(
  sim: BambuSimulator,
  config: Partial<BambuConfig> = {},
  options: Parameters<typeof makeAdapter>[2] = {},
) {
  const made = makeAdapter(sim, config, options);
  await made.adapter.connect();
  await waitFor(() => made.events.count("printer_status_updated") > 0, "first status");
  return made;
}

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

describe("testConnection", () => {
  it("reports identity, firmware and the certificate fingerprint, and leaves no connection behind", async () => {
    const sim = await startSim({ model: "X1C" });
    const { adapter } = makeAdapter(sim);
    const result = await adapter.testConnection();
    expect(result).toEqual({
      ok: true,
      identity: {
        model: "X1C",
        serial: sim.serial,
        firmware: "01.09.00.01",
        certificateFingerprint: sim.certificateFingerprint,
      },
    });
    expect(adapter.certificateFingerprint).toBe(sim.certificateFingerprint); // pinned on first use
    await waitFor(() => sim.liveConnections === 0, "probe connection closed");
    expect(sim.maxConcurrentConnections).toBe(1);
  });

  it("tells authorization, certificate and unreachable apart without throwing", async () => {
    const sim = await startSim({ model: "P1S" });
    expect(await makeAdapter(sim, { accessCode: "wrong123" }).adapter.testConnection()).toMatchObject({
      ok: false,
      reason: "authorization",
    });
    const pinnedElsewhere = await makeAdapter(sim, {
      certificateFingerprint: "AA:".repeat(31) + "AA",
    }).adapter.testConnection();
    expect(pinnedElsewhere).toMatchObject({
      ok: false,
      reason: "certificate",
      certificateFingerprint: sim.certificateFingerprint,
    });
    expect(await makeAdapter(sim, { caBundle: sim.caCertificate }).adapter.testConnection()).toMatchObject({
      ok: true,
    });
    await sim.goAway();
    expect(await makeAdapter(sim).adapter.testConnection()).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
  });
});

describe("status", () => {
  it("X1C: connects once, normalizes the full report, follows a print PREPARE → RUNNING → FINISH", async () => {
    const sim = await startSim({ model: "X1C", timeScale: 600 });
    const { adapter, events } = await connected(sim);
    expect(events.ofType("printer_connected")[0]?.identity).toEqual({
      model: "X1C",
      firmware: "01.09.00.01",
      serial: sim.serial,
    });
    const status = await adapter.getStatus();
    expect(status).toMatchObject({
      state: "idle",
      rawState: "IDLE",
      firmware: "01.09.00.01",
      lightOn: true,
      speedLevel: 2,
      errors: [],
    });
    expect(status.wifiSignalDbm).toBeLessThan(-40);
    expect([...new Set(status.filament.map((f) => f.unit))]).toEqual([0, 128, "external"]);
    expect(status.temperatures.chamber).toEqual({ current: 27, target: 0 });
    expect(await adapter.getCurrentJob()).toBeUndefined();
    expect(adapter.health()).toMatchObject({ connected: true, circuit: "closed" });
    expect(adapter.isHealthy()).toBe(true);

    sim.startPrint({ name: "Benchy", layers: 40, minutes: 20, prepareSeconds: 60 });
    await waitFor(() => events.ofType("job_started")[0], "job_started");
    const running = await waitFor(async () => {
      const job = await adapter.getCurrentJob();
      return job?.state === "PRINTING" && (job.progress ?? 0) > 0 && job.progress! < 100 ? job : undefined;
    }, "a running job with progress");
    expect(running.name).toBe("Benchy");
    expect(running.totalLayers).toBe(40);
    expect(running.remainingSeconds! % 60).toBe(0); // minutes on the wire
    expect((await adapter.getStatus()).temperatures.nozzle?.target).toBe(220);
    const completed = await waitFor(() => events.ofType("job_completed")[0], "job_completed");
    expect(completed.job).toMatchObject({
      name: "Benchy",
      state: "COMPLETED",
      progress: 100,
      layer: 40,
      totalLayers: 40,
      remainingSeconds: 0,
    });
    expect(sim.maxConcurrentConnections).toBe(1);
    expect(sim.counters().pushalls).toBe(1); // X1 sends full reports: no periodic pushall
  });

  it("P1S: a delta carrying only ams.ams[0].tray[1] leaves the other trays intact", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter, events } = await connected(sim);
    const before = (await adapter.getStatus()).filament;
    expect(before.filter((f) => f.unit === 0).map((f) => f.remainingPercent)).toEqual([88, 64, 100, 12]);
    sim.setTray(0, 1, { remain: 10 });
    await waitFor(
      () =>
        events
          .ofType("ams_status_updated")
          .some((e) => e.filament.find((f) => f.unit === 0 && f.slot === 1)?.remainingPercent === 10),
      "tray 1 update",
    );
    const wire = JSON.parse(sim.recentReports.at(-1)!) as { print: Record<string, unknown> };
    expect(wire.print).toMatchObject({
      msg: 1,
      ams: { ams: [{ id: "0", tray: [{ id: "1", remain: 10 }] }] },
    });
    expect(Object.keys(wire.print).sort()).toEqual(["ams", "command", "msg", "sequence_id"]);
    const after = (await adapter.getStatus()).filament;
    expect(after.filter((f) => f.unit === 0).map((f) => f.remainingPercent)).toEqual([88, 10, 100, 12]);
    expect(after.map((f) => f.color)).toEqual(before.map((f) => f.color));
    expect(after.find((f) => f.unit === "external")).toEqual(before.find((f) => f.unit === "external"));
  });

  it("P1S: asks for pushall periodically (X1 does not)", async () => {
    const sim = await startSim({ model: "P1S" });
    await connected(sim, {}, { timings: { pushallIntervalMs: 150 } });
    await waitFor(() => sim.counters().pushalls >= 3, "periodic pushall");
  });

  it("HMS errors and print_error become printer errors", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter, events } = await connected(sim);
    sim.setHms([{ attr: 0x03000100, code: 0x00010007 }]);
    const event = await waitFor(() => events.ofType("printer_error")[0], "printer_error");
    expect(event.errors).toEqual([
      {
        code: "0300_0100_0001_0007",
        severity: "fatal",
        module: "mc",
        message: expect.stringContaining("heatbed") as string,
        url: "https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0300_0100_0001_0007",
      },
    ]);
    expect((await adapter.getStatus()).state).toBe("error");
    sim.setHms([]);
    sim.setPrintError(0x03008004);
    await waitFor(
      async () =>
        (await adapter.getStatus()).errors.some((e) => e.code === "0300_8004" && e.severity === "serious"),
      "print_error 0300_8004",
    );
  });

  // Issue 14 changed this test: a field of the wrong type used to cost the whole report (a protocol
  // error); now only that field is dropped, with one warning, and the rest of the report is used.
  it("a field of the wrong type is dropped with one warning, the rest of the report is used", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter, events } = await connected(sim);
    for (const [sequence, dbm] of [
      ["1", -51],
      ["2", -52],
    ] as const)
      await sim.publishRaw({
        print: {
          command: "push_status",
          msg: 1,
          sequence_id: sequence,
          mc_percent: "fifty",
          wifi_signal: `${dbm}dBm`,
        },
      });
    await waitFor(
      async () => (await adapter.getStatus()).wifiSignalDbm === -52,
      "the rest of both reports used",
    );
    expect(events.ofType("printer_protocol_warning")).toEqual([
      {
        type: "printer_protocol_warning",
        message: 'print.mc_percent: expected number, got string "fifty"; dropped it',
        path: "print.mc_percent",
        valueType: "string",
        expected: "number",
      },
    ]); // once per field, not per report
    expect((await adapter.getStatus()).job).toBeUndefined();
    await sim.publishRaw("{not json");
    await waitFor(() => events.count("printer_protocol_error") >= 1, "protocol error for what is not JSON");
    expect(events.ofType("printer_protocol_error")[0]?.message).toMatch(/not JSON/);
    sim.setTray(0, 2, { remain: 55 });
    await waitFor(
      async () =>
        (await adapter.getStatus()).filament.find((f) => f.unit === 0 && f.slot === 2)?.remainingPercent ===
        55,
      "later delta applied",
    );
    expect(adapter.health().connected).toBe(true);
  });

  it("a pushall answer with one field of an unexpected shape still connects at once (no reconnect loop)", async () => {
    const sim = await startSim({ model: "P1S", reportIntervalMs: 3_600_000 });
    sim.setTray(0, 1, { remain: [47], tray_type: "PETG" });
    const { adapter, events } = await connected(sim);
    const slot = (await adapter.getStatus()).filament.find((f) => f.unit === 0 && f.slot === 1);
    expect(slot).toMatchObject({ material: "PETG" });
    expect(slot?.remainingPercent).toBeUndefined();
    expect(events.ofType("printer_protocol_warning")).toMatchObject([
      { path: "print.ams.ams[0].tray[1].remain", valueType: "array", expected: "number" },
    ]);
    expect(events.count("printer_protocol_error")).toBe(0);
    expect(events.count("printer_connection_failed")).toBe(0);
    expect(sim.counters().connects).toBe(1);
  });
});

describe("commands", () => {
  it("pause, resume, print speed, chamber light and stop change the printer and emit job events", async () => {
    const sim = await startSim({ model: "P1S", timeScale: 5 });
    const { adapter, events } = await connected(sim);
    await expect(adapter.pauseJob()).rejects.toBeInstanceOf(PrinterConflictError);
    sim.startPrint({ name: "Long print", minutes: 600, prepareSeconds: 1 });
    await waitFor(async () => (await adapter.getStatus()).rawState === "RUNNING", "running");
    await adapter.pauseJob();
    expect((await adapter.getStatus()).state).toBe("paused");
    await waitFor(() => events.ofType("job_paused")[0], "job_paused");
    await adapter.resumeJob();
    expect((await adapter.getStatus()).state).toBe("printing");
    await waitFor(() => events.ofType("job_resumed")[0], "job_resumed");
    await adapter.setPrintSpeed(3);
    expect((await adapter.getStatus()).speedLevel).toBe(3);
    await adapter.setChamberLight(false);
    expect((await adapter.getStatus()).lightOn).toBe(false);
    await adapter.setChamberLight(true);
    expect((await adapter.getStatus()).lightOn).toBe(true);
    await adapter.cancelJob();
    expect(events.ofType("job_cancel_requested")).toHaveLength(1);
    const cancelled = await waitFor(() => events.ofType("job_cancelled")[0], "job_cancelled");
    expect(cancelled.job).toMatchObject({ name: "Long print", state: "CANCELLED" });
    expect(sim.state).toMatchObject({ gcode_state: "FAILED" });
    expect(sim.counters().commands).toMatchObject({
      pause: 1,
      resume: 1,
      print_speed: 1,
      ledctrl: 2,
      stop: 1,
    });
  });

  it("Developer Mode off: a silently dropped write becomes a clear error (HMS, fun bit, or timeout)", async () => {
    const p1 = await startSim({ model: "P1S", timeScale: 5 });
    const { adapter } = await connected(p1);
    p1.startPrint({ minutes: 600, prepareSeconds: 1 });
    await waitFor(async () => (await adapter.getStatus()).rawState === "RUNNING", "running");
    p1.setDeveloperMode(false);
    const viaHms = await adapter.pauseJob().catch((e: unknown) => e);
    expect(viaHms).toBeInstanceOf(PrinterDeveloperModeError);
    expect((viaHms as PrinterDeveloperModeError).message).toMatch(/Developer Mode/);
    expect((viaHms as PrinterDeveloperModeError).meta.detectedBy).toBe("hms");
    expect((await adapter.getStatus()).errors.map((e) => e.code)).toContain("0500_0500_0001_0007");
    expect(p1.state.gcode_state).toBe("RUNNING");

    p1.setDeveloperMode(false, false); // a firmware that drops writes without any HMS
    const viaTimeout = await adapter.resumeJob().catch((e: unknown) => e);
    expect(viaTimeout).toBeInstanceOf(PrinterConflictError); // not paused: the precondition is checked first
    const timeout = await adapter.setPrintSpeed(4).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(PrinterDeveloperModeError);
    expect((timeout as PrinterDeveloperModeError).meta.detectedBy).toBe("timeout");

    const x1 = await startSim({ model: "X1C", developerMode: false });
    const { adapter: x1Adapter } = await connected(x1);
    const viaFun = await x1Adapter.setChamberLight(false).catch((e: unknown) => e);
    expect(viaFun).toBeInstanceOf(PrinterDeveloperModeError);
    expect((viaFun as PrinterDeveloperModeError).meta.detectedBy).toBe("fun");
    expect(x1.counters().droppedWrites).toBe(0); // refused before sending anything
  });
});

describe("faults", () => {
  it("wrong access code: one printer_auth_error, long backoff, no hammering", async () => {
    const sim = await startSim({ model: "P1S" });
    const { events } = await connected(sim, {}, { policy: { maxDelayMs: 20_000, openMs: 20_000 } });
    sim.setAccessCode("87654321");
    await waitFor(() => events.count("printer_auth_error") === 1, "printer_auth_error");
    await waitFor(() => sim.counters().authFailures >= 1, "refused CONNECT");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(events.count("printer_auth_error")).toBe(1);
    expect(sim.counters().authFailures).toBe(1);
    expect(events.ofType("printer_connection_failed")[0]?.error.kind).toBe("authentication");
  });

  it("a replaced certificate is refused before the access code is sent", async () => {
    const sim = await startSim({ model: "X1C" });
    const { adapter, events } = await connected(sim);
    const pinned = adapter.certificateFingerprint;
    const connectsBefore = sim.counters().connects;
    const replaced = await sim.replaceCertificate();
    expect(replaced).not.toBe(pinned);
    const failure = await waitFor(
      () => events.ofType("printer_connection_failed").find((e) => e.error.kind === "certificate"),
      "certificate failure",
    );
    expect(failure.error.message).toContain(replaced);
    expect(sim.counters().connects).toBe(connectsBefore); // no MQTT CONNECT reached the broker
    expect(sim.liveConnections).toBe(0);
    expect((await adapter.testConnection()).ok).toBe(false);
  });

  it("a stalled broker is nudged with pushing.start", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter, events } = await connected(sim);
    const connects = sim.counters().connects;
    sim.stallReports("push-start");
    await waitFor(() => sim.counters().pushStarts >= 1, "pushing.start");
    await waitFor(() => !sim.stalled, "stall cleared");
    sim.setTray(0, 3, { remain: 77 });
    await waitFor(
      async () =>
        (await adapter.getStatus()).filament.find((f) => f.slot === 3 && f.unit === 0)?.remainingPercent ===
        77,
      "reports again",
    );
    expect(sim.counters().connects).toBe(connects);
    expect(events.count("printer_connection_lost")).toBe(0);
  });

  it("a broker that stays stalled is detected and the connection replaced (never two at once)", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter, events } = await connected(sim);
    sim.stallReports("reconnect");
    const lost = await waitFor(() => events.ofType("printer_connection_lost")[0], "connection lost");
    expect(lost.reason).toMatch(/no report/);
    await waitFor(() => events.count("printer_connected") >= 2, "reconnected");
    sim.setTray(0, 0, { remain: 42 });
    await waitFor(
      async () => (await adapter.getStatus()).filament[0]?.remainingPercent === 42,
      "fresh reports",
    );
    expect(sim.counters().pushStarts).toBeGreaterThanOrEqual(1);
    expect(sim.maxConcurrentConnections).toBe(1);
    expect(adapter.health().reconnects).toBe(1);
  });

  it("printer gone and back: lost, reconnected, one connection", async () => {
    const sim = await startSim({ model: "X1C" });
    const { adapter, events } = await connected(sim);
    await sim.goAway();
    await waitFor(() => events.count("printer_connection_lost") === 1, "lost");
    await expect(adapter.getStatus()).rejects.toThrow(/not connected/);
    await sim.comeBack();
    await waitFor(() => events.count("printer_connected") === 2, "back");
    await waitFor(
      async () => (await adapter.getStatus().catch(() => undefined))?.state === "idle",
      "status again",
    );
    expect(sim.liveConnections).toBe(1);
    expect(sim.maxConcurrentConnections).toBe(1);
  });

  it("a broker that never acknowledges the subscribe: the attempt times out, retries, and stop ends it", async () => {
    const sim = await startSim({ model: "P1S" });
    sim.ignoreSubscribes();
    const { adapter, events } = makeAdapter(sim, {}, { policy: { requestTimeoutMs: 300 } });
    await adapter.connect(); // resolves after the first attempt, whatever its outcome
    await waitFor(() => events.count("printer_connection_failed") > 0, "first attempt failed");
    expect(events.ofType("printer_connection_failed")[0]?.error.kind).toBe("timeout");
    expect(events.count("printer_connected")).toBe(0);
    sim.ignoreSubscribes(false);
    await waitFor(
      () => events.count("printer_connected") === 1,
      "connected once subscribes are acknowledged",
    );
    await adapter.disconnect();
    await waitFor(() => sim.liveConnections === 0, "closed");
  });

  it("stop and start repeatedly without leaking a connection", async () => {
    const sim = await startSim({ model: "P1S" });
    for (let round = 0; round < 3; round++) {
      const { adapter } = await connected(sim);
      expect(sim.liveConnections).toBe(1);
      await adapter.disconnect();
      await adapter.disconnect(); // twice is safe
      await waitFor(() => sim.liveConnections === 0, "closed");
    }
    expect(sim.maxConcurrentConnections).toBe(1);
    expect(sim.counters().connects).toBe(3);
  });
});

describe("files (implicit FTPS)", () => {
  it("X1C: lists /, /cache, /timelapse and /model and streams a .3mf byte for byte", async () => {
    const sim = await startSim({ model: "X1C" });
    const { adapter } = makeAdapter(sim);
    const files = await adapter.listFiles();
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(byPath.get("/Benchy.gcode.3mf")).toMatchObject({
      name: "Benchy.gcode.3mf",
      type: "print",
      size: sim.card.files.get("/Benchy.gcode.3mf")!.data.length,
    });
    expect(byPath.get("/Benchy.gcode.3mf")?.displayName).toBeUndefined(); // no cut-down name to save it under
    expect(byPath.get("/Fidget Collection.3mf")?.type).toBe("print");
    expect(byPath.get("/cache/Garden Hose Healer.3mf")?.type).toBe("print");
    expect(byPath.get("/timelapse/video_2025-06-17_12-12-18.mp4")).toMatchObject({
      type: "timelapse",
      size: 65_536,
    });
    expect(byPath.get("/timelapse/thumbnail")?.type).toBe("folder");
    expect(byPath.get("/model/Spool holder.3mf")?.type).toBe("model");
    expect(byPath.get("/Benchy.gcode.3mf")?.modified?.toISOString()).toBe("2025-06-10T00:00:00.000Z");

    const download = await adapter.downloadFile("/calibration cube.gcode.3mf");
    const expected = sim.card.files.get("/calibration cube.gcode.3mf")!.data;
    expect(download.size).toBe(expected.length);
    expect(download.fileName).toBe("calibration cube.gcode.3mf");
    const hash = createHash("sha256");
    let chunks = 0;
    for await (const chunk of download.stream) {
      hash.update(chunk as Buffer);
      chunks += 1;
    }
    expect(hash.digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
    expect(chunks).toBeGreaterThan(1); // streamed, not one buffer
    expect(expected.includes(Buffer.from("Metadata/plate_1.gcode"))).toBe(true);
    expect(expected.includes(Buffer.from("Metadata/plate_1.png"))).toBe(true);
    expect(sim.counters().refusedFtpDataConnections).toBe(0); // every data channel resumed the TLS session

    await expect(adapter.downloadFile("/nope.3mf")).rejects.toBeInstanceOf(PrinterDownloadError);
  });

  it("P1S: .avi timelapses, no /model; a wrong pin is refused before login", async () => {
    const sim = await startSim({ model: "P1S" });
    const files = await makeAdapter(sim).adapter.listFiles();
    expect(files.some((f) => f.path.startsWith("/model"))).toBe(false);
    expect(files.find((f) => f.path.endsWith(".avi"))?.type).toBe("timelapse");
    const logins = sim.counters().ftpLogins;
    await expect(
      makeAdapter(sim, { certificateFingerprint: "00".repeat(32) }).adapter.listFiles(),
    ).rejects.toMatchObject({ kind: "certificate" });
    await expect(makeAdapter(sim, { accessCode: "wrong123" }).adapter.listFiles()).rejects.toMatchObject({
      kind: "authentication",
    });
    expect(sim.counters().ftpLogins).toBe(logins);
  });
});
