// A full Bambu report (msg 0) replaces the adapter's picture of the printer. When one of its
// top-level fields has an unexpected shape, that field is dropped with a warning and keeps its last
// value (as if the report had not mentioned it): a garbled gcode_state must not end a running job.
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import type { PrinterEvent } from "../core/events";
import { CheckingSink } from "../testing/checking-sink";
import { BambuAdapter } from "./bambu-adapter";
import { bambuSimConfig } from "../testing/bambu-sim-config";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const isStatus = (event: PrinterEvent): event is Extract<PrinterEvent, { type: "printer_status_updated" }> =>
  event.type === "printer_status_updated";

const fullReport = (fields: Record<string, unknown>) => ({
  print: {
    command: "push_status",
    msg: 0,
    sequence_id: "1",
    gcode_state: "RUNNING",
    subtask_name: "Benchy",
    gcode_file: "/data/Metadata/plate_1.gcode",
    task_id: "77",
    subtask_id: "78",
    gcode_start_time: "1700000000",
    mc_percent: 10,
    mc_remaining_time: 30,
    layer_num: 3,
    total_layer_num: 100,
    nozzle_temper: 220,
    bed_temper: 60,
    ...fields,
  },
});

describe("Bambu full report with one bad top-level field", () => {
  it("keeps the field's last value: the job goes on, the rest of the report is used", async () => {
    const sim = await new BambuSimulator({
      model: "P1S",
      host: "127.0.0.1",
      reportIntervalMs: 3_600_000,
    }).start();
    stops.push(() => sim.stop());
    const sink = new CheckingSink();
    const adapter = new BambuAdapter({
      printerId: "lenient-bambu",
      config: bambuSimConfig(sim),
      events: sink,
      policy: { requestTimeoutMs: 5_000 },
    });
    stops.push(() => adapter.disconnect());
    const first = sink.next(isStatus, "first status");
    await adapter.connect();
    await first;

    const started = sink.next((e) => e.type === "job_started", "job_started");
    await sim.publishRaw(fullReport({ wifi_signal: "-50dBm" }));
    await started;
    const later = sink.next(
      (e) => isStatus(e) && e.status.wifiSignalDbm === -49,
      "the garbled full report used",
    );
    await sim.publishRaw(fullReport({ gcode_state: 5, mc_percent: 11, wifi_signal: "-49dBm" }));
    const status = ((await later) as Extract<PrinterEvent, { type: "printer_status_updated" }>).status;
    expect(status).toMatchObject({
      state: "printing",
      rawState: "RUNNING",
      job: { name: "Benchy", state: "PRINTING" },
    });
    expect(sink.count("job_started")).toBe(1);
    expect(sink.count("job_completed") + sink.count("job_failed") + sink.count("job_cancelled")).toBe(0);
    expect(sink.count("printer_protocol_warning")).toBe(1);
    expect(sink.count("printer_protocol_error")).toBe(0);
    expect(sink.violations).toEqual([]);
  });
});
