// How a Bambu print ends and who it is: cancel codes are outcomes, not printer errors; a job is
// told apart from the next by task id or file and start time; report sequences as real printers
// send them (through the ChangePublisher, as the adapter does) give one outcome per print.
import { describe, expect, it } from "vitest";
import { ChangePublisher } from "../core/change-publisher";
import type { PrinterEvent, PrinterEventEnvelope } from "../core/events";
import { isCancelPrintError } from "./bambu-hms";
import { normalizeStatus } from "./bambu-normalize";
import type { BambuPrint } from "./bambu-schemas";

const at = new Date("2026-11-20T10:00:00Z");
const startedAt = Math.floor(at.getTime() / 1000) - 600;

function report(patch: Partial<BambuPrint> = {}): BambuPrint {
  return {
    gcode_state: "RUNNING",
    subtask_name: "Benchy",
    gcode_file: "/data/Metadata/plate_1.gcode",
    gcode_start_time: String(startedAt),
    task_id: "0",
    subtask_id: "0",
    mc_percent: 40,
    mc_remaining_time: 12,
    print_error: 0,
    hms: [],
    ...patch,
  } as BambuPrint;
}

const normalize = (patch: Partial<BambuPrint> = {}, cancelledJobId?: string) =>
  normalizeStatus(report(patch), { at, model: "X1C", cancelledJobId });

/** Feeds reports through a ChangePublisher, one second apart, and returns the event types. */
function run(reports: Array<Partial<BambuPrint>>): PrinterEvent[] {
  const events: PrinterEvent[] = [];
  let clock = at.getTime();
  const publisher = new ChangePublisher(
    "p1",
    { publish: (e: PrinterEventEnvelope) => events.push(e.event) },
    () => new Date(clock),
  );
  for (const patch of reports) {
    clock += 1_000;
    publisher.update(normalizeStatus(report(patch), { at: new Date(clock), model: "X1C" }));
  }
  return events;
}
const lifecycle = (events: PrinterEvent[]) =>
  events.filter((e) => e.type.startsWith("job_") && e.type !== "job_progress_updated").map((e) => e.type);

describe("Bambu cancel codes", () => {
  it.each([
    ["0300_400C", 0x0300400c],
    ["0500_400E", 0x0500400e],
  ])("print_error %s is a cancelled job, an idle printer and no printer error", (_code, value) => {
    const status = normalize({ gcode_state: "FAILED", print_error: value });
    expect(isCancelPrintError(value)).toBe(true);
    expect(status.job?.state).toBe("CANCELLED");
    expect(status.state).toBe("idle");
    expect(status.errors).toEqual([]);
  });

  it("any other print_error with FAILED is a failed job and a printer in error, listed in errors", () => {
    const status = normalize({ gcode_state: "FAILED", print_error: 0x0300800a });
    expect(status.job?.state).toBe("FAILED");
    expect(status.state).toBe("error");
    expect(status.errors.map((e) => e.code)).toEqual(["0300_800A"]);
  });

  it("a cancel the adapter saw stays cancelled after the printer clears the code", () => {
    const id = normalize().job!.id;
    expect(normalize({ gcode_state: "FAILED", print_error: 0 }, id).job?.state).toBe("CANCELLED");
    expect(normalize({ gcode_state: "FAILED", print_error: 0 }).job?.state).toBe("FAILED");
  });

  it("the real cancel sequence (RUNNING → FAILED + 0300_400C, cleared, stays FAILED) is one job_cancelled and no printer_error", () => {
    const events = run([
      {},
      { gcode_state: "FAILED", print_error: 0x0300400c },
      { gcode_state: "FAILED", print_error: 0 },
      { gcode_state: "IDLE", print_error: 0 },
    ]);
    expect(lifecycle(events)).toEqual(["job_started", "job_cancelled"]);
    expect(events.filter((e) => e.type === "printer_error")).toEqual([]);
    const states = events.flatMap((e) => (e.type === "printer_status_updated" ? [e.status.state] : []));
    expect(states).not.toContain("error");
  });
});

describe("Bambu job identity", () => {
  it("a LAN print of the same file started again is a new job (file name + start time)", () => {
    const first = normalize().job!.id;
    const again = normalize({ gcode_start_time: String(startedAt + 3_600) }).job!.id;
    expect(first).toMatch(/^lan:Benchy:/);
    expect(again).not.toBe(first);
  });

  it("a cloud task id names the job, with its start time (a reprint from history repeats the task id)", () => {
    const id = normalize({ task_id: "123456", subtask_id: "654321" }).job!.id;
    expect(id).toBe(`123456@${startedAt}`);
    const reprint = normalize({ task_id: "123456", gcode_start_time: String(startedAt + 60) }).job!.id;
    expect(reprint).not.toBe(id);
    // Before the printer reports a start time ("0"), the task id alone.
    expect(normalize({ task_id: "77", gcode_start_time: "0" }).job!.id).toBe("77");
  });

  it("FINISH followed within 2 s by the next print of the same file: the first completed, the second started", () => {
    const next = { gcode_start_time: String(startedAt + 700), mc_percent: 0, mc_remaining_time: 30 };
    const events = run([
      { mc_percent: 99, mc_remaining_time: 1 },
      { gcode_state: "FINISH", mc_percent: 100, mc_remaining_time: 0 },
      { gcode_state: "PREPARE", ...next },
      { gcode_state: "RUNNING", ...next, mc_percent: 1 },
    ]);
    expect(lifecycle(events)).toEqual(["job_started", "job_completed", "job_started"]);
  });

  it("the next print arriving before FINISH was seen: the first completed when it was done at the last sight", () => {
    const next = { gcode_start_time: String(startedAt + 700), mc_percent: 0, mc_remaining_time: 30 };
    expect(
      lifecycle(
        run([
          { mc_percent: 100, mc_remaining_time: 0 },
          { gcode_state: "PREPARE", ...next },
        ]),
      ),
    ).toEqual(["job_started", "job_completed", "job_started"]);
    // At 40 % with 12 minutes to go, nothing says how it ended.
    expect(lifecycle(run([{}, { gcode_state: "PREPARE", ...next }]))).toEqual([
      "job_started",
      "job_vanished",
      "job_started",
    ]);
  });
});
