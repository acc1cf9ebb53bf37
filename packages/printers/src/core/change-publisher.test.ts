import { describe, expect, it } from "vitest";
import type { PrinterEventEnvelope } from "./events";
import { emptyStatus, type PrinterStatus } from "./model";
import { ChangePublisher, sameValue } from "./change-publisher";

function setup() {
  const published: PrinterEventEnvelope[] = [];
  const publisher = new ChangePublisher("p1", { publish: (e) => published.push(e) });
  return { published, publisher, types: () => published.map((e) => e.event.type) };
}

const printing = (progress: number, nozzle = 215, at = new Date()): PrinterStatus => ({
  ...emptyStatus("printing", at),
  job: { id: "7", name: "a", state: "PRINTING", progress },
  temperatures: { nozzle: { current: nozzle, target: 215 } },
});

describe("ChangePublisher", () => {
  it("publishes everything the first time and nothing when only the clock moved", () => {
    const { publisher, types, published } = setup();
    publisher.update(printing(10, 215, new Date(1)));
    expect(types()).toEqual([
      "printer_status_updated",
      "temperature_updated",
      "job_progress_updated",
      "job_started",
    ]);
    published.length = 0;
    publisher.update(printing(10, 215, new Date(2)));
    expect(types()).toEqual([]);
  });

  it("publishes only the parts that changed", () => {
    const { publisher, types, published } = setup();
    publisher.update(printing(10));
    published.length = 0;
    publisher.update(printing(11));
    expect(types()).toEqual(["printer_status_updated", "job_progress_updated"]);
    published.length = 0;
    publisher.update(printing(11, 216));
    expect(types()).toEqual(["printer_status_updated", "temperature_updated"]);
    published.length = 0;
    publisher.update({
      ...printing(11, 216),
      state: "paused",
      job: { id: "7", name: "a", state: "PAUSED", progress: 11 },
    });
    expect(types()).toEqual(["printer_status_updated", "job_progress_updated", "job_paused"]);
    expect(published[0]!.event).toMatchObject({ previousState: "printing" });
  });

  it("reports errors when they appear, and resets", () => {
    const { publisher, types, published } = setup();
    publisher.update(emptyStatus("idle"));
    published.length = 0;
    publisher.update({ ...emptyStatus("error"), errors: [{ code: "E1", severity: "serious" }] });
    expect(types()).toEqual(["printer_status_updated", "printer_error"]);
    publisher.reset();
    published.length = 0;
    publisher.update({ ...emptyStatus("error"), errors: [{ code: "E1", severity: "serious" }] });
    expect(types()).toEqual(["printer_status_updated", "printer_error"]);
  });

  it("compares structurally", () => {
    expect(sameValue({ a: [1, { b: new Date(5) }] }, { a: [1, { b: new Date(5) }] })).toBe(true);
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1] }, { a: [1, 2] })).toBe(false);
  });
});
