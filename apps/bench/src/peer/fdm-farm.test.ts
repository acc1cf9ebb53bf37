import { describe, expect, it } from "vitest";
import type { SimPrinterSpec } from "../sim-protocol";
import { connectedIn, fdmPrinterOf, pausedIn, type FdmUpdate } from "./fdm-farm";

const bambu: SimPrinterSpec = {
  index: 0,
  kind: "bambu",
  name: "Bench Bambu 1",
  host: "127.2.0.1",
  port: 8883,
  ftpPort: 9990,
  serial: "01P09BENCH00001",
  model: "P1S",
  secret: "1a2b3c4d",
};
const prusa: SimPrinterSpec = {
  index: 1,
  kind: "prusalink",
  name: "Bench MK4 1",
  host: "127.1.0.1",
  port: 8080,
  ftpPort: 0,
  serial: "BENCHMK4000001",
  model: "MK4",
  secret: "s3cret-pass",
};

/** What FDM Monster's Bambu adapter forwards: its normalized state plus the raw report as `print`. */
const bambuCurrent = (print: Record<string, unknown>) => ({
  current: {
    payload: { state: { text: "Printing", flags: { paused: false } }, print },
    receivedAt: 1,
  },
});
const prusaCurrent = (paused: boolean) => ({
  current: { payload: { state: { text: paused ? "PAUSED" : "Printing", flags: { paused } } }, receivedAt: 1 },
});

describe("the farm as FDM Monster sees it", () => {
  it("registers a Bambu printer as type 3 (serial as user, access code as password) and PrusaLink as type 2 with the digest user", () => {
    expect(fdmPrinterOf(bambu)).toEqual({
      name: "Bench Bambu 1",
      printerURL: "http://127.2.0.1",
      printerType: 3,
      apiKey: "",
      username: "01P09BENCH00001",
      password: "1a2b3c4d",
      enabled: true,
    });
    expect(fdmPrinterOf(prusa)).toMatchObject({
      printerURL: "http://127.1.0.1:8080",
      printerType: 2,
      username: "maker",
      password: "s3cret-pass",
    });
  });

  it("reads a Bambu pause from the raw report, not from its normalized state (which stays 'Printing')", () => {
    const update = (print: Record<string, unknown>): FdmUpdate => ({
      printerEvents: { "7": bambuCurrent(print) },
    });
    expect(pausedIn(update({ gcode_state: "PAUSE" }), "7", "bambu")).toBe(true);
    expect(pausedIn(update({ gcode_state: "RUNNING" }), "7", "bambu")).toBe(false);
    // A P1S delta without gcode_state replaced the report: the state is unknown, not "printing".
    expect(pausedIn(update({ nozzle_temper: 219.8 }), "7", "bambu")).toBeUndefined();
    expect(pausedIn({ printerEvents: {} }, "7", "bambu")).toBeUndefined();
  });

  it("reads a PrusaLink pause from its normalized flags", () => {
    expect(pausedIn({ printerEvents: { "3": prusaCurrent(true) } }, "3", "prusalink")).toBe(true);
    expect(pausedIn({ printerEvents: { "3": prusaCurrent(false) } }, "3", "prusalink")).toBe(false);
  });

  it("counts a printer connected once it has a status and its API state is 'responding'", () => {
    const update: FdmUpdate = {
      socketStates: {
        "1": { socket: "authenticated", api: "responding" },
        "2": { socket: "opening", api: "responding" },
        "3": { socket: "error", api: "noResponse" },
      },
      printerEvents: { "1": prusaCurrent(false), "3": prusaCurrent(false) },
    };
    expect(connectedIn(update, ["1", "2", "3", "4"])).toBe(1);
  });
});
