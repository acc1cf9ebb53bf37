// Starting prints on the Bambu simulator over real MQTT/TLS and FTPS (127.0.15.x): a 3MF plate
// with options, plain G-code, the refusals (busy, Developer Mode, missing file, no answer), and
// a new start after FINISH. The simulator prints the uploaded file under the request's name with
// the estimated time read from the file (@printernizer/file-meta).
import { Readable } from "node:stream";
import { connectAsync } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import {
  BambuSimulator,
  makeGcode,
  makeMultiPlate3mf,
  type BambuSimulatorOptions,
} from "@printernizer/printer-sim/bambu";
import { PrinterConflictError, PrinterDeveloperModeError, PrinterTimeoutError } from "../core/errors";
import { PrintOptionsSchema, type StartPrintRequest } from "../core/print-start";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { BambuAdapter } from "./bambu-adapter";
import type { BambuTimings } from "./bambu-config";
import { bambuSimConfig } from "../testing/bambu-sim-config";

const sims: BambuSimulator[] = [];
const adapters: BambuAdapter[] = [];
let nextHost = 101;
const options = PrintOptionsSchema.parse({});

async function rig(simOptions: BambuSimulatorOptions = {}, timings: Partial<BambuTimings> = {}) {
  const sim = await new BambuSimulator({
    host: `127.0.15.${nextHost++}`,
    reportIntervalMs: 100,
    upload: { bytesPerSecond: 0 },
    ...simOptions,
  }).start();
  sims.push(sim);
  const events = new EventRecorder();
  const adapter = new BambuAdapter({
    printerId: "bambu-start",
    config: bambuSimConfig(sim),
    events,
    policy: { requestTimeoutMs: 3_000 },
    timings: { commandTimeoutMs: 2_000, startConfirmMs: 5_000, ...timings },
  });
  adapters.push(adapter);
  await adapter.connect();
  await waitFor(() => events.count("printer_status_updated") > 0, "first status");
  return { sim, adapter };
}

async function upload(adapter: BambuAdapter, name: string, data: Buffer) {
  return adapter.uploadFile({ name, size: data.length, open: () => Readable.from([data]) });
}

function start(path: string, extra: Partial<StartPrintRequest> = {}): StartPrintRequest {
  return { path, plate: 1, jobName: "job", options, ...extra };
}

const twoPlates = () =>
  makeMultiPlate3mf("Fidget Collection", [
    { name: "Spinners", minutes: 42, layers: 60, filaments: [{ type: "PLA", color: "#FF0000", grams: 12 }] },
    { name: "Cubes", minutes: 95, layers: 80, filaments: [{ type: "PLA", color: "#00FF00", grams: 30 }] },
  ]);

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

describe("startPrint", () => {
  it("starts plate 2 of an uploaded 3MF with the options; the printer prints it under the job's name and the plate's time", async () => {
    const { sim, adapter } = await rig();
    const file = await upload(adapter, "Fidget Collection.gcode.3mf", twoPlates());
    await adapter.startPrint(
      start(file.path, {
        plate: 2,
        jobName: "Fidget Collection – Cubes",
        options: { ...options, timelapse: true, bedLevelling: false, amsMapping: [2] },
      }),
    );
    const status = await adapter.getStatus();
    expect(status.rawState === "PREPARE" || status.rawState === "RUNNING").toBe(true);
    expect(status.job?.name).toBe("Fidget Collection – Cubes");
    expect(sim.state).toMatchObject({
      subtask_name: "Fidget Collection – Cubes",
      gcode_file: "/data/Metadata/plate_2.gcode",
      mc_remaining_time: 95,
    });
    expect(sim.startRequests).toHaveLength(1);
    expect(sim.startRequests[0]).toMatchObject({
      command: "project_file",
      param: "Metadata/plate_2.gcode",
      url: "file:///sdcard/Fidget Collection.gcode.3mf",
      timelapse: true,
      bed_levelling: false,
      use_ams: true,
      ams_mapping: [2],
      ams_mapping2: [{ ams_id: 0, slot_id: 2 }],
    });
  });

  it("starts plain G-code with gcode_file", async () => {
    const { sim, adapter } = await rig({ model: "P1S" });
    const file = await upload(adapter, "cube.gcode", makeGcode("cube", 20, 17));
    await adapter.startPrint(start(file.path, { jobName: "cube" }));
    expect(sim.startRequests[0]).toEqual({
      sequence_id: expect.any(String),
      command: "gcode_file",
      param: "/sdcard/cube.gcode",
    });
    await waitFor(async () => (await adapter.getStatus()).job?.name === "cube", "the job in the status");
    // "total estimated time: 23m" in the G-code header.
    expect(sim.state).toMatchObject({ gcode_file: "cube.gcode", mc_remaining_time: 23 });
  });

  it("refuses while the printer is printing and never sends the start (an A1 mini would cancel its job)", async () => {
    const { sim, adapter } = await rig({ busyStartCancelsJob: true });
    const file = await upload(adapter, "next.3mf", twoPlates());
    sim.startPrint({ name: "Running job", minutes: 60, prepareSeconds: 0 });
    await waitFor(async () => (await adapter.getStatus()).rawState === "RUNNING", "RUNNING");
    const error = await adapter.startPrint(start(file.path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toBe(
      "The printer is printing (RUNNING); it cannot start another print.",
    );
    expect(sim.counters().publishedStarts).toBe(0);
    expect(sim.state).toMatchObject({ gcode_state: "RUNNING", subtask_name: "Running job" });
  });

  it("the simulator answers a start sent while printing as the firmware does: 0500_4004, and an A1 mini cancels its job", async () => {
    for (const cancels of [false, true]) {
      const { sim } = await rig({ busyStartCancelsJob: cancels });
      sim.startPrint({ name: "Running job", minutes: 60, prepareSeconds: 0 });
      const client = await connectAsync(`mqtts://${sim.host}:${sim.mqttPort}`, {
        username: "bblp",
        password: sim.accessCode,
        rejectUnauthorized: false,
      });
      const request = {
        command: "project_file",
        param: "Metadata/plate_1.gcode",
        url: "ftp:///Benchy.gcode.3mf",
      };
      await client.publishAsync(
        `device/${sim.serial}/request`,
        JSON.stringify({ print: { sequence_id: "1", ...request } }),
      );
      await waitFor(() => sim.counters().publishedStarts === 1, "the start to arrive");
      await waitFor(() => sim.state.print_error !== 0 || sim.state.gcode_state === "FAILED", "the refusal");
      expect(sim.state.gcode_state).toBe(cancels ? "FAILED" : "RUNNING");
      if (!cancels) expect(sim.state.print_error).toBe(0x05004004);
      await client.endAsync();
    }
  });

  it("reports Developer Mode when the printer drops the start (HMS 0500_0500_0001_0007)", async () => {
    const { sim, adapter } = await rig({ model: "P1S", developerMode: false });
    const file = await upload(adapter, "dev.3mf", twoPlates());
    const error = await adapter.startPrint(start(file.path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterDeveloperModeError);
    expect((error as Error).message).toContain("LAN Developer Mode");
    expect(sim.counters().droppedWrites).toBe(1);
    expect(sim.state.gcode_state).toBe("IDLE");
  });

  it("passes on the printer's refusal when the file is not on the card (0500_C010)", async () => {
    const { adapter } = await rig();
    const error = await adapter.startPrint(start("/not-there.3mf")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toContain("MicroSD card read/write exception");
  });

  it("says the start was not confirmed when the printer does not answer", async () => {
    const { sim, adapter } = await rig({}, { startConfirmMs: 1_000 });
    const file = await upload(adapter, "quiet.3mf", twoPlates());
    sim.setFaults({ latencyMs: 10_000 });
    const error = await adapter.startPrint(start(file.path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect((error as Error).message).toBe("The printer did not confirm the start; check its screen.");
  });

  it("starts again after a finished print (FINISH stays until the next start)", async () => {
    const { sim, adapter } = await rig({ timeScale: 600 });
    const file = await upload(adapter, "again.3mf", twoPlates());
    sim.startPrint({ name: "short", minutes: 1, prepareSeconds: 0 });
    await waitFor(async () => (await adapter.getStatus()).rawState === "FINISH", "FINISH");
    expect(sim.state.gcode_state).toBe("FINISH");
    await adapter.startPrint(start(file.path, { jobName: "again" }));
    expect((await adapter.getStatus()).job?.name).toBe("again");
  });
});
