import { describe, expect, it } from "vitest";
import type { FileMetadata } from "./metadata";
import { estimatedSecondsOf, filamentsOf } from "./plate-helpers";

const base = { filaments: [], plates: [], warnings: [] };
const gcode: FileMetadata = {
  ...base,
  format: "gcode",
  estimatedSeconds: 3600,
  filaments: [{ index: 1, type: "PLA" }],
};
const threeMf: FileMetadata = {
  ...base,
  format: "3mf",
  estimatedSeconds: 100,
  filaments: [{ index: 1, type: "PLA" }],
  plates: [
    { index: 1, estimatedSeconds: 100, filaments: [{ index: 1, type: "PLA" }] },
    { index: 4, estimatedSeconds: 400, filaments: [{ index: 2, type: "PETG" }] },
    { index: 5, filaments: [] },
  ],
};

describe("estimatedSecondsOf / filamentsOf", () => {
  it("G-code and binary G-code: the file's own values, whatever plate is asked", () => {
    expect(estimatedSecondsOf(gcode)).toBe(3600);
    expect(estimatedSecondsOf(gcode, 1)).toBe(3600);
    expect(filamentsOf(gcode, 2)).toEqual([{ index: 1, type: "PLA" }]);
  });

  it("3MF: the plate asked, or the first sliced plate", () => {
    expect(estimatedSecondsOf(threeMf, 4)).toBe(400);
    expect(filamentsOf(threeMf, 4)).toEqual([{ index: 2, type: "PETG" }]);
    expect(estimatedSecondsOf(threeMf)).toBe(100);
    expect(filamentsOf(threeMf)).toEqual([{ index: 1, type: "PLA" }]);
  });

  it("3MF: a plate the file does not have, or one without an estimate, answers nothing", () => {
    expect(estimatedSecondsOf(threeMf, 2)).toBeUndefined();
    expect(filamentsOf(threeMf, 2)).toEqual([]);
    expect(estimatedSecondsOf(threeMf, 5)).toBeUndefined();
  });
});
