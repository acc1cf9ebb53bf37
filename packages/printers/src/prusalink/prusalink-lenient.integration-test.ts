// Answers real firmware gives that the API description does not: null for an absent value
// (`file: null`, `time_remaining: null`, `progress: null`), `200 {}` or an empty 200 where 204 is
// usual, and a field of the wrong type. None of them may skip the status update.
import { afterEach, describe, expect, it } from "vitest";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import type { PrinterEvent } from "../core/events";
import { CheckingSink } from "../testing/checking-sink";
import { waitFor } from "../testing/event-recorder";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import { PrusaLinkConfigSchema } from "./prusalink-config";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const isStatus = (event: PrinterEvent): event is Extract<PrinterEvent, { type: "printer_status_updated" }> =>
  event.type === "printer_status_updated";

async function connected() {
  const sim = await new PrusaLinkSimulator({ host: "127.0.0.1", timeScale: 1, seedFiles: true }).start();
  stops.push(() => sim.stop());
  const sink = new CheckingSink();
  const adapter = new PrusaLinkAdapter({
    printerId: "lenient-prusalink",
    config: PrusaLinkConfigSchema.parse({
      host: sim.host,
      port: sim.port,
      password: sim.options.password,
      pollIntervalMs: 250,
    }),
    events: sink,
    policy: { requestTimeoutMs: 5_000 },
  });
  stops.push(() => adapter.disconnect());
  const first = sink.next(isStatus, "first status");
  await adapter.connect();
  await first;
  return { sim, sink, adapter };
}

describe("PrusaLink answers with nulls, empty bodies and one odd field", () => {
  it("a job with file, progress and time_remaining null still updates the status", async () => {
    const { sim, sink, adapter } = await connected();
    const started = sink.next((e) => e.type === "job_started", "job_started");
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    const job = ((await started) as Extract<PrinterEvent, { type: "job_started" }>).job;
    const id = Number(job.id);
    sim.answerNext(
      "/api/v1/status",
      {
        body: {
          printer: { state: "PRINTING", temp_nozzle: 231, temp_bed: null },
          job: { id, progress: null },
        },
      },
      4,
    );
    sim.answerNext(
      "/api/v1/job",
      { body: { id, state: "PRINTING", progress: null, time_remaining: null, time_printing: 5, file: null } },
      4,
    );
    const updated = await sink.next(
      (e) => isStatus(e) && e.status.temperatures.nozzle?.current === 231,
      "the status of the answers with nulls",
    );
    expect(updated).toMatchObject({ status: { state: "printing", job: { id: job.id, state: "PRINTING" } } });
    await waitFor(() => sim.pendingAnswers() === 0, "the scripted answers to be fetched");
    expect(sink.count("job_failed") + sink.count("job_completed") + sink.count("job_started")).toBe(1);
    expect(sink.count("printer_protocol_error")).toBe(0);
    expect(sink.count("printer_protocol_warning")).toBe(0); // null is how some firmware says "absent"
    expect(adapter.health().lastError).toBeUndefined();
    expect(sink.violations).toEqual([]);
  });

  for (const [what, body] of [
    ["200 {}", {}],
    ["an empty 200", ""],
  ] as const) {
    it(`${what} from /api/v1/job means no job, like 204: the finished print completes`, async () => {
      const { sim, sink } = await connected();
      const started = sink.next((e) => e.type === "job_started", "job_started");
      expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
      await started;
      const completed = sink.next((e) => e.type === "job_completed", "job_completed");
      sim.answerNext("/api/v1/status", { body: { printer: { state: "FINISHED", temp_bed: 40 } } }, 3);
      sim.answerNext("/api/v1/job", { status: 200, body }, 3);
      await completed;
      expect(sink.count("job_failed")).toBe(0);
      expect(sink.count("printer_protocol_error")).toBe(0);
      expect(sink.violations).toEqual([]);
    });
  }

  it("a field of the wrong type costs that field: one warning, the rest of the status is used", async () => {
    const { sim, sink } = await connected();
    sim.answerNext(
      "/api/v1/status",
      { body: { printer: { state: "IDLE", temp_nozzle: [215], temp_bed: 61 } } },
      5,
    );
    const updated = await sink.next(
      (e) => isStatus(e) && e.status.temperatures.bed?.current === 61,
      "the status without the bad field",
    );
    expect(updated).toMatchObject({ status: { state: "idle" } });
    if (isStatus(updated)) expect(updated.status.temperatures.nozzle).toBeUndefined();
    await waitFor(() => sim.pendingAnswers() === 0, "the scripted answers to be fetched");
    expect(sink.count("printer_protocol_warning")).toBe(1);
    expect(sink.count("printer_protocol_error")).toBe(0);
  });
});
