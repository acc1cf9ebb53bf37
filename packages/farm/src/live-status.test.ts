import { describe, expect, it } from "vitest";
import { parseStoredHealth, parseStoredStatus } from "./live-status";

const empty = {
  temperatures: {},
  filament: [],
  errors: [],
  health: { circuit: null, reconnects: null, healthy: null },
};

describe("parseStoredStatus: a LiveStatus row's status JSON as the model", () => {
  it("reads what the worker writes", () => {
    const stored = {
      state: "printing",
      rawState: "PRINTING",
      job: {
        id: "17",
        name: "cube.bgcode",
        state: "PRINTING",
        progress: 42.5,
        layer: 10,
        totalLayers: 120,
        remainingSeconds: 600,
      },
      temperatures: {
        nozzle: { current: 215, target: 215 },
        bed: { current: 60, target: 60 },
        nozzles: [{ current: 200 }],
      },
      filament: [
        { unit: 0, slot: 1, material: "PLA", color: "#FF0000FF", remainingPercent: 80, active: true },
      ],
      errors: [{ code: "0300_0100", severity: "common", message: "Nozzle clog" }],
      firmware: "6.1.3",
      wifiSignalDbm: -52,
      lastCommunication: "2026-01-02T03:04:05.000Z",
      health: { circuit: "closed", reconnects: 2, healthy: true },
    };
    expect(parseStoredStatus(stored)).toEqual({
      ...stored,
      lastCommunication: new Date("2026-01-02T03:04:05.000Z"),
    });
  });

  it("gives an empty model for a row that is not an object at all, and never throws", () => {
    for (const value of [null, undefined, 42, "text", [], [1, 2], true])
      expect(parseStoredStatus(value)).toEqual(empty);
  });

  it("drops only the fields that do not fit: a bad slot drops that slot, a bad temperature that value", () => {
    const parsed = parseStoredStatus({
      state: "exploded",
      firmware: 7,
      wifiSignalDbm: "strong",
      lightOn: "yes",
      temperatures: {
        nozzle: { current: "hot", target: 210 },
        bed: "warm",
        chamber: { current: 5_000 },
        nozzles: "many",
      },
      filament: [{ unit: 0, slot: 0, active: true }, { unit: -1, slot: "a" }, null, "PLA"],
      errors: { code: "not a list" },
      lastCommunication: "not a date",
      health: { circuit: "melted", reconnects: "3", healthy: 1 },
    });
    expect(parsed).toEqual({
      temperatures: { nozzle: { target: 210 }, chamber: {} },
      filament: [{ unit: 0, slot: 0, active: true }],
      errors: [],
      health: { circuit: null, reconnects: null, healthy: null },
    });
  });

  it("keeps the fields of an old or partial job that still fit", () => {
    expect(
      parseStoredStatus({ job: { name: "old.gcode", layer: -5, totalLayers: 30, progress: 250 } }).job,
    ).toEqual({ name: "old.gcode", totalLayers: 30 });
    expect(parseStoredStatus({ job: "cube" }).job).toBeUndefined();
  });

  it("bounds lists to the model's limits and drops text PostgreSQL could not have stored cleanly", () => {
    const errors = Array.from({ length: 500 }, (_, i) => ({ code: String(i), severity: "info" }));
    expect(parseStoredStatus({ errors }).errors).toHaveLength(100);
    expect(parseStoredStatus({ rawState: "x".repeat(10_000) }).rawState).toBeUndefined();
  });

  it("ignores keys inherited or injected through __proto__", () => {
    const parsed = parseStoredStatus(JSON.parse('{"__proto__": {"firmware": "evil"}, "errors": []}'));
    expect(parsed.firmware).toBeUndefined();
  });
});

describe("parseStoredHealth", () => {
  it("reads the adapter's health, and nulls for anything else", () => {
    expect(parseStoredHealth({ health: { circuit: "half-open", reconnects: 4, healthy: false } })).toEqual({
      circuit: "half-open",
      reconnects: 4,
      healthy: false,
    });
    expect(parseStoredHealth({ health: "fine" })).toEqual({ circuit: null, reconnects: null, healthy: null });
    expect(parseStoredHealth(null)).toEqual({ circuit: null, reconnects: null, healthy: null });
  });
});
