import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "../farm";
import {
  applyFarmDeltas,
  classifyChange,
  mergeFarmLists,
  patchOf,
  type FarmDeltaMessage,
} from "./farm-delta";

function row(id: string, name: string, at: number, extra: Partial<FarmPrinter> = {}): FarmPrinter {
  return {
    id,
    kind: "bambu",
    name,
    host: "127.0.0.1",
    model: null,
    enabled: true,
    isDemo: false,
    autoClearPlate: false,
    awaitingPlateClearSince: null,
    location: null,
    tags: [],
    state: "printing",
    connected: true,
    rawState: "RUNNING",
    job: { name: "Benchy", progress: 10, remainingSeconds: 600 },
    temperatures: { nozzle: { current: 210, target: 210 } },
    filament: [],
    errors: [],
    lastError: null,
    lastCommunication: new Date(at),
    stateChangedAt: new Date(0),
    updatedAt: new Date(at),
    ...extra,
  } as FarmPrinter;
}

function message(part: Partial<FarmDeltaMessage>): FarmDeltaMessage {
  return { cursor: new Date().toISOString(), resync: false, upserts: [], patches: [], removed: [], ...part };
}

describe("classifyChange", () => {
  it("calls readings telemetry and a state, job or error change a transition", () => {
    const a = row("a", "A", 1);
    expect(classifyChange(a, { ...a })).toBe("none");
    expect(
      classifyChange(a, row("a", "A", 2, { job: { name: "Benchy", progress: 11, remainingSeconds: 590 } })),
    ).toBe("telemetry");
    expect(classifyChange(a, row("a", "A", 2, { state: "paused" }))).toBe("transition");
    expect(
      classifyChange(a, row("a", "A", 2, { job: { name: "Other", progress: 0, remainingSeconds: 1 } })),
    ).toBe("transition");
    expect(classifyChange(a, row("a", "A", 2, { job: null }))).toBe("transition");
    expect(classifyChange(a, row("a", "A", 2, { errors: [{ code: "x", message: "jam" }] as never }))).toBe(
      "transition",
    );
  });
});

describe("applyFarmDeltas", () => {
  it("patches only the named fields, adds, removes and keeps name order", () => {
    const list = [row("a", "A", 1), row("b", "B", 1)];
    const next = applyFarmDeltas(list, [
      message({ patches: [patchOf(row("a", "A", 2, { state: "paused" }), ["state"])] }),
      message({ upserts: [row("c", "AA", 2)], removed: ["b"] }),
    ]);
    expect(next.map((p) => [p.id, p.state])).toEqual([
      ["a", "paused"],
      ["c", "printing"],
    ]);
    expect(next[0]!.job?.name).toBe("Benchy");
  });

  it("ignores a patch or row older than the row held, and returns the same list when nothing changed", () => {
    const list = [row("a", "A", 5)];
    const next = applyFarmDeltas(list, [
      message({ patches: [patchOf(row("a", "A", 4, { state: "paused" }), ["state"])] }),
      message({ upserts: [row("a", "A", 3, { state: "idle" })] }),
    ]);
    expect(next).toBe(list);
  });
});

describe("mergeFarmLists", () => {
  it("keeps the newer row per printer and drops printers the fetch no longer has", () => {
    const held = [row("a", "A", 5, { state: "paused" }), row("b", "B", 1)];
    const fetched = [row("a", "A", 4)];
    expect(mergeFarmLists(held, fetched).map((p) => p.state)).toEqual(["paused"]);
  });
});
