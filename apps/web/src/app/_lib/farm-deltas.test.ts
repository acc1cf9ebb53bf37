import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { shareFarmRows, toDeltaMessage } from "./farm-deltas";

const row = (id: string, at: number, over: Partial<FarmPrinter> = {}): FarmPrinter => ({
  id,
  kind: "prusalink",
  name: id,
  host: "127.0.0.1",
  model: null,
  enabled: true,
  isDemo: false,
  autoClearPlate: false,
  awaitingPlateClearSince: null,
  location: null,
  tags: [],
  state: "idle",
  connected: true,
  rawState: null,
  job: null,
  temperatures: { nozzle: { current: 25 } },
  filament: [],
  errors: [],
  lastError: null,
  lastCommunication: new Date(at),
  stateChangedAt: null,
  updatedAt: new Date(at),
  ...over,
});

describe("shareFarmRows (farm.list structural sharing)", () => {
  it("a refetch never overwrites a newer row; equal rows keep their objects; a changed one is taken", () => {
    const a = row("a", 2_000, { state: "printing" });
    const b = row("b", 1_000);
    const c = row("c", 1_000);
    const fetched = [row("a", 1_500), row("b", 1_000), row("c", 1_000, { state: "paused" })];
    const next = shareFarmRows([a, b, c], fetched) as FarmPrinter[];
    expect(next[0]).toBe(a);
    expect(next[1]).toBe(b);
    expect(next[2]).toBe(fetched[2]);
  });

  it("returns the held list itself when nothing changed, and drops printers the fetch no longer has", () => {
    const held = [row("a", 1_000), row("b", 1_000)];
    expect(shareFarmRows(held, [row("a", 1_000), row("b", 1_000)])).toBe(held);
    expect((shareFarmRows(held, [row("b", 1_000)]) as FarmPrinter[]).map((p) => p.id)).toEqual(["b"]);
    const fetched = [row("a", 1_000)];
    expect(shareFarmRows(undefined, fetched)).toBe(fetched);
  });
});

describe("toDeltaMessage", () => {
  it("reads a whole-rows message of an older server as upserts", () => {
    const p = row("a", 1_000);
    expect(toDeltaMessage({ cursor: "c", printers: [p], removed: ["x"] })).toEqual({
      cursor: "c",
      resync: false,
      upserts: [p],
      patches: [],
      removed: ["x"],
    });
    const delta = {
      cursor: "d",
      resync: true,
      upserts: [],
      patches: [{ id: "a", updatedAt: new Date() }],
      removed: [],
    };
    expect(toDeltaMessage(delta)).toBe(delta);
  });
});
