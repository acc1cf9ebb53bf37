// Each poison class of issue 12, sent by a simulator to a running adapter over the real
// protocol: the adapter keeps running, the poison is sanitized or refused (a protocol error), a
// normal report afterwards still comes through, and the log gets a few lines, not one per report.
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { PrusaLinkSimulator, startControlServer } from "@printernizer/printer-sim";
import type { AdapterLogger } from "../src/core/adapter";
import type { PrinterEvent } from "../src/core/events";
import { BambuAdapter } from "../src/bambu/bambu-adapter";
import { bambuSimConfig } from "../src/testing/bambu-sim-config";
import { PrusaLinkAdapter } from "../src/prusalink/prusalink-adapter";
import { PrusaLinkConfigSchema } from "../src/prusalink/prusalink-config";
import { CheckingSink } from "../src/testing/checking-sink";
import { waitFor } from "../src/testing/event-recorder";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

class CountingLogger implements AdapterLogger {
  readonly warnings: Array<{ obj: object; msg?: string | undefined }> = [];
  debug(): void {}
  info(): void {}
  error(): void {}
  warn(obj: object, msg?: string): void {
    this.warnings.push({ obj, msg });
  }
}

const isStatus = (event: PrinterEvent): event is Extract<PrinterEvent, { type: "printer_status_updated" }> =>
  event.type === "printer_status_updated";
const isProtocolError = (
  event: PrinterEvent,
): event is Extract<PrinterEvent, { type: "printer_protocol_error" }> =>
  event.type === "printer_protocol_error";

async function bambu(model: "X1C" | "P1S" = "P1S") {
  const sim = await new BambuSimulator({ model, host: "127.0.0.1", reportIntervalMs: 3_600_000 }).start();
  stops.push(() => sim.stop());
  const sink = new CheckingSink();
  const logger = new CountingLogger();
  const config = bambuSimConfig(sim);
  const adapter = new BambuAdapter({
    printerId: "poison-bambu",
    config,
    events: sink,
    logger,
    policy: { requestTimeoutMs: 5_000 },
  });
  stops.push(() => adapter.disconnect());
  const first = sink.next(isStatus, "first status");
  await adapter.connect();
  await first;
  /** A normal delta must still be reflected. */
  const stillAlive = async (dbm: number) => {
    const seen = sink.next((e) => isStatus(e) && e.status.wifiSignalDbm === dbm, `wifi ${dbm} dBm`);
    await sim.publishRaw({
      print: { command: "push_status", msg: 1, sequence_id: "9", wifi_signal: `${dbm}dBm` },
    });
    await seen;
  };
  return { sim, sink, logger, adapter, stillAlive };
}

describe("Bambu poison reports", () => {
  it("a 3,000-level, 18 KB report is refused as too deep; the adapter keeps running", async () => {
    const { sim, sink, adapter, stillAlive } = await bambu();
    const deep = `{"print":{"command":"push_status","msg":1,"upgrade_state":${'{"a":'.repeat(3_000)}1${"}".repeat(3_000)}}}`;
    expect(deep.length).toBeGreaterThan(18_000);
    const refused = sink.next(isProtocolError, "protocol error for the deep report");
    await sim.publishRaw(deep);
    expect((await refused).message).toMatch(/nested deeper than 64 levels/);
    await stillAlive(-121);
    expect(adapter.health()).toMatchObject({
      connected: true,
      lastError: { kind: "protocol", message: expect.stringMatching(/nested deeper/) },
    });
    expect(sink.violations).toEqual([]);
  });

  it("a job name with NUL and lone surrogates and total_layer_num above 2^31-1 are sanitized", async () => {
    const { sim, sink } = await bambu();
    const job = sink.next((e) => e.type === "job_started", "job_started");
    await sim.publishRaw({
      print: {
        command: "push_status",
        msg: 1,
        sequence_id: "2",
        gcode_state: "RUNNING",
        subtask_name: "Ben\u0000chy\uD800 plate",
        task_id: "77",
        total_layer_num: 2 ** 31,
        layer_num: 3,
        mc_remaining_time: 2 ** 31,
      },
    });
    const started = (await job) as Extract<PrinterEvent, { type: "job_started" }>;
    expect(started.job).toMatchObject({ id: "77", name: "Benchy plate", state: "PRINTING", layer: 3 });
    expect(started.job.totalLayers).toBeUndefined();
    expect(started.job.remainingSeconds).toBeUndefined();
    expect(sink.violations).toEqual([]);
  });

  it("a 6 MB report with 300,000 HMS entries is skipped unparsed; the connection stays", async () => {
    const { sim, sink, adapter, stillAlive } = await bambu();
    const hms = Array.from({ length: 300_000 }, (_, i) => ({
      attr: 0x03000100 + (i % 1000),
      code: 0x00010007,
    }));
    const huge = JSON.stringify({ print: { command: "push_status", msg: 1, sequence_id: "3", hms } });
    expect(huge.length).toBeGreaterThan(6_000_000);
    const refused = sink.next(isProtocolError, "protocol error for the huge report");
    await sim.publishRaw(huge);
    expect((await refused).message).toMatch(/exceeds the limit of 1048576 bytes; skipped unread/); // dropped before MQTT.js buffered it
    await stillAlive(-122);
    expect(adapter.health().connected).toBe(true);
    expect(sim.counters().connects).toBe(1);
  });

  it("poison sent from another process through the simulators' control endpoint arrives as is", async () => {
    const { sim, sink, stillAlive } = await bambu();
    const control = await startControlServer(() => [sim]);
    stops.push(() => control.close());
    const base = `http://${control.host}:${control.port}/printers/${encodeURIComponent(sim.name)}/poison`;
    const invalidUtf8AndNul = Buffer.concat([
      Buffer.from('{"print":{"command":"push_status","msg":1,"subtask_name":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"'),
      Buffer.from([0x00]),
      Buffer.from("}}"),
    ]);
    const refused = sink.next(isProtocolError, "protocol error for the raw bytes");
    expect(
      (
        await fetch(base, {
          method: "POST",
          body: JSON.stringify({ base64: invalidUtf8AndNul.toString("base64") }),
        })
      ).status,
    ).toBe(200);
    expect((await refused).message).toMatch(/not JSON/);
    expect((await fetch(base, { method: "POST", body: JSON.stringify({ nothing: true }) })).status).toBe(400);
    await stillAlive(-124);
  });

  it("1,000 different bad reports cost one warning line and a handful of events", async () => {
    const { sim, sink, logger, stillAlive } = await bambu();
    for (let i = 0; i < 1_000; i++) await sim.publishRaw(`{"print": {"mc_percent": bad ${i}}}`);
    await stillAlive(-123);
    const warnings = logger.warnings.filter((w) => w.msg === "invalid payload from printer");
    expect(warnings).toHaveLength(1);
    expect(sink.count("printer_protocol_error")).toBe(5); // five distinct ones a minute, the rest counted
  });
});

async function prusalink() {
  const sim = await new PrusaLinkSimulator({ host: "127.0.0.1", timeScale: 1 }).start();
  stops.push(() => sim.stop());
  const sink = new CheckingSink();
  const logger = new CountingLogger();
  const config = PrusaLinkConfigSchema.parse({
    host: sim.host,
    port: sim.port,
    password: sim.options.password,
    pollIntervalMs: 250,
  });
  const adapter = new PrusaLinkAdapter({
    printerId: "poison-prusalink",
    config,
    events: sink,
    logger,
    policy: { requestTimeoutMs: 5_000 },
  });
  stops.push(() => adapter.disconnect());
  const first = sink.next(isStatus, "first status");
  await adapter.connect();
  await first;
  return { sim, sink, logger, adapter };
}

describe("PrusaLink poison answers", () => {
  it("garbled polls during a print are protocol errors: no job_failed + job_started split", async () => {
    const { sim, sink, adapter, logger } = await prusalink();
    const started = sink.next((e) => e.type === "job_started", "job_started");
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    const jobId = ((await started) as Extract<PrinterEvent, { type: "job_started" }>).job.id;
    // One poll each: what the status endpoint (and the job endpoint) answer instead of the truth.
    const garbled: Array<{ status: unknown; job?: { status?: number; body: unknown } }> = [
      { status: { printer: { state: "PRINTING", temp_nozzle: 215 } }, job: { status: 204, body: "" } }, // the job vanished from both answers
      { status: { printer: { state: "x".repeat(100_000) } }, job: { status: 204, body: "" } }, // a huge unknown state, no job
      { status: { printer: { state: "PRINTING" }, job: { id: -1, progress: -50, time_remaining: -10 } } }, // negative numbers
      { status: { printer: { state: "PRINTING" }, job: { id: "seven" } } }, // wrong types
      { status: '{"printer": {"state": "PRINT' }, // truncated JSON
      {
        status: JSON.stringify({ printer: { state: "PRINTING" }, job: { id: Number(jobId) } }).replace(
          "}}",
          `, "pad": "${"p".repeat(2_000_000)}"}}`,
        ),
      }, // a 2 MB answer
      {
        status: { printer: { state: "PRINTING" }, job: { id: Number(jobId) } },
        job: { body: { id: Number(jobId), state: "EXPLODED", progress: 10 } },
      }, // unknown job state
    ];
    for (const poll of garbled) {
      if (poll.job) sim.answerNext("/api/v1/job", poll.job);
      sim.answerNext("/api/v1/status", { body: poll.status });
      await waitFor(() => sim.pendingAnswers() === 0, "the garbled answers to be fetched");
    }
    const progress = sink.next(
      (e) => e.type === "job_progress_updated",
      "normal progress after the garbled polls",
      20_000,
    );
    await progress;
    expect(sink.count("job_failed")).toBe(0);
    expect(sink.count("job_completed")).toBe(0);
    expect(sink.count("job_started")).toBe(1);
    expect(sink.count("printer_protocol_error")).toBe(5); // rate limited: five a minute
    expect(logger.warnings.filter((w) => w.msg === "invalid payload from printer")).toHaveLength(1);
    expect(adapter.health()).toMatchObject({
      connected: true,
      lastError: { kind: "protocol", message: expect.stringMatching(/EXPLODED|state/) },
    });
    expect(sink.violations).toEqual([]);
  });

  it("time_remaining above 2^31-1 and a NUL in the file name are sanitized", async () => {
    const { sim, sink } = await prusalink();
    const job = {
      id: 41,
      state: "PRINTING",
      progress: 12,
      time_remaining: 2 ** 31,
      time_printing: 60,
      file: { name: "CUBE\u0000~1.BGC", display_name: "cube\uDC00.bgcode", path: "/usb" },
    };
    sim.answerNext(
      "/api/v1/status",
      { body: { printer: { state: "PRINTING" }, job: { id: 41, progress: 12, time_remaining: 2 ** 31 } } },
      5,
    );
    sim.answerNext("/api/v1/job", { body: job }, 5);
    const started = (await sink.next((e) => e.type === "job_started", "job_started")) as Extract<
      PrinterEvent,
      { type: "job_started" }
    >;
    expect(started.job).toMatchObject({
      id: "41",
      name: "CUBE~1.BGC",
      displayName: "cube.bgcode",
      state: "PRINTING",
      elapsedSeconds: 60,
    });
    expect(started.job.remainingSeconds).toBeUndefined();
    expect(sink.violations).toEqual([]);
  });
});
