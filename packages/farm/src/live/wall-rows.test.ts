import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "../farm";
import type { FarmDeltaMessage } from "./farm-delta";
import { isSharedOnWire } from "./wire-shared";
import { applyWallDeltas, toWallList, toWallMessage, toWallPrinter } from "./wall-rows";

function row(id: string, name: string, extra: Partial<FarmPrinter> & { location?: string | null } = {}) {
  return {
    id,
    kind: "prusalink",
    name,
    host: "10.74.0.9",
    model: "MK4",
    enabled: true,
    isDemo: false,
    autoClearPlate: false,
    awaitingPlateClearSince: null,
    state: "printing",
    connected: true,
    rawState: "PRINTING",
    job: { name: "Benchy", progress: 10, remainingSeconds: 600 },
    temperatures: { nozzle: { current: 210, target: 210 } },
    filament: [{ slot: 0, material: "PLA" }],
    errors: [{ code: "E1", severity: "error", message: "Jam", url: "https://help.example/e1" }],
    lastError: { kind: "network", message: "connection refused by 10.74.0.9" },
    lastCommunication: new Date(1_000),
    stateChangedAt: new Date(0),
    updatedAt: new Date(1_000),
    ...extra,
  } as FarmPrinter;
}

const message = (part: Partial<FarmDeltaMessage>): FarmDeltaMessage => ({
  cursor: "2026-01-01T00:00:00.000Z",
  resync: false,
  upserts: [],
  patches: [],
  removed: [],
  ...part,
});

describe("wall rows", () => {
  it("keeps what a card shows and nothing that names the host or the settings", () => {
    const wall = toWallPrinter(row("a", "Alpha", { location: "  Room 2 / Rack A " } as Partial<FarmPrinter>));
    expect(wall.location).toBe("Room 2 / Rack A");
    expect(Object.keys(wall).sort()).toEqual(
      [
        "awaitingPlateClearSince",
        "connected",
        "errors",
        "id",
        "job",
        "location",
        "model",
        "name",
        "state",
        "stateChangedAt",
        "temperatures",
        "updatedAt",
      ].sort(),
    );
    expect(wall.errors).toEqual([{ code: "E1", severity: "error", message: "Jam" }]);
    expect(JSON.stringify(wall)).not.toContain("10.74.0.9");
    expect(toWallPrinter(row("b", "Beta")).location).toBeNull();
  });

  it("cuts patches to wall fields, drops patches of nothing a wall shows, and shares one message for all walls", () => {
    const farm = message({
      upserts: [row("a", "Alpha")],
      patches: [
        { id: "b", updatedAt: new Date(2_000), host: "10.74.0.10", filament: [] },
        { id: "c", updatedAt: new Date(2_000), state: "paused", lastError: null },
      ],
    });
    const wall = toWallMessage(farm);
    expect(wall.patches).toEqual([{ id: "c", updatedAt: new Date(2_000), state: "paused" }]);
    expect(wall.upserts[0]).not.toHaveProperty("host");
    expect(toWallMessage(farm)).toBe(wall);
    expect(isSharedOnWire(wall)).toBe(true);
    const list = [row("a", "Alpha")];
    expect(toWallList(list)).toBe(toWallList(list));
  });

  it("applies messages in name order and never lets an older patch win", () => {
    const list = [toWallPrinter(row("b", "Beta"))];
    const next = applyWallDeltas(list, [
      toWallMessage(message({ upserts: [row("a", "Alpha")] })),
      toWallMessage(message({ patches: [{ id: "b", updatedAt: new Date(500), state: "error" }] })),
      toWallMessage(message({ patches: [{ id: "b", updatedAt: new Date(3_000), state: "idle" }] })),
    ]);
    expect(next.map((p) => [p.name, p.state])).toEqual([
      ["Alpha", "printing"],
      ["Beta", "idle"],
    ]);
    expect(applyWallDeltas(next, [toWallMessage(message({}))])).toBe(next);
  });
});
