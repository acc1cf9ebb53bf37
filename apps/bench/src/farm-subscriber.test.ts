import type { FarmPrinter } from "@printernizer/farm/farm";
import { patchOf, type FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";
import { describe, expect, it } from "vitest";
import { LastStates, statesOfMessage } from "./farm-subscriber";

const row: FarmPrinter = {
  id: "p1",
  kind: "bambu",
  name: "Bench Bambu 1",
  host: "127.2.0.1",
  model: "X1C",
  enabled: true,
  isDemo: false,
  autoClearPlate: false,
  awaitingPlateClearSince: null,
  location: null,
  tags: [],
  state: "printing",
  connected: true,
  rawState: "RUNNING",
  job: { name: "bench", progress: 10, remainingSeconds: 600 },
  temperatures: {},
  filament: [],
  errors: [],
  lastError: null,
  lastCommunication: new Date("2026-12-01T10:00:00Z"),
  stateChangedAt: new Date("2026-12-01T09:00:00Z"),
  updatedAt: new Date("2026-12-01T10:00:00Z"),
};

/** What the tRPC SSE stream puts in a data line (superjson's `json` part: dates as ISO strings). */
const wire = (message: unknown) => JSON.stringify({ json: message });

const delta = (over: Partial<FarmDeltaMessage>): FarmDeltaMessage => ({
  cursor: "2026-12-01T10:00:01.000Z",
  resync: false,
  upserts: [],
  patches: [],
  removed: [],
  ...over,
});

describe("the subscriber's reading of farm.updates", () => {
  it("takes the state of whole rows and of patches that carry one, and nothing from a telemetry patch", () => {
    const paused = { ...row, state: "paused" as const, updatedAt: new Date("2026-12-01T10:00:01Z") };
    const telemetry = {
      ...row,
      job: { ...row.job!, progress: 11 },
      updatedAt: new Date("2026-12-01T10:00:02Z"),
    };
    const message = delta({
      upserts: [{ ...row, id: "p2" }],
      patches: [patchOf(paused, ["state", "rawState"]), patchOf(telemetry, ["job"])],
    });
    expect(statesOfMessage(wire(message))).toEqual([
      { printerId: "p2", state: "printing" },
      { printerId: "p1", state: "paused" },
    ]);
  });

  it("still reads the stream's older form, whole rows under `printers`", () => {
    const legacy = { cursor: "c", resync: false, printers: [row], removed: ["gone"] };
    expect(statesOfMessage(wire(legacy))).toEqual([{ printerId: "p1", state: "printing" }]);
  });

  it("reads a message without a body as nothing", () => {
    expect(statesOfMessage(JSON.stringify({}))).toEqual([]);
  });
});

describe("LastStates", () => {
  it("calls a state a change only when it differs from the printer's last one", () => {
    const states = new LastStates();
    expect(states.changed("p1", "printing")).toBe(true);
    expect(states.changed("p1", "printing")).toBe(false);
    expect(states.changed("p2", "printing")).toBe(true);
    expect(states.changed("p1", "paused")).toBe(true);
    expect(states.changed("p1", "paused")).toBe(false);
    expect(states.changed("p1", "printing")).toBe(true);
  });
});
