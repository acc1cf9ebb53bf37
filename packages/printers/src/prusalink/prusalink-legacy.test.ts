// Every state text the legacy API sends, in the shapes Prusa-Link (RPi, `web/main.py`) and Buddy
// (`basic_gets.cpp`) send them, and the v1 state enum, mapped to what the farm must show.
import { describe, expect, it } from "vitest";
import type { Job } from "../core/model";
import { JobSchema, LegacyJobSchema, LegacyPrinterSchema, StatusSchema } from "./prusalink-schemas";
import { materialName, normalizeLegacyStatus } from "./prusalink-legacy";
import { normalizeStatus } from "./prusalink-normalize";

const at = new Date(0);
const path = "/local/benchy_0.2mm_PLA_MK3S_1h.gcode";
const tracked: Job = { id: path, name: "benchy_0.2mm_PLA_MK3S_1h.gcode", state: "PRINTING", progress: 97 };

/** /api/printer as Prusa-Link 0.8 sends it for a v1 printer state (0.7 sends no link_state). */
function rpiPrinter(state: string, withLinkState = true) {
  const texts: Record<string, string> = {
    IDLE: "Operational",
    READY: "Operational",
    BUSY: "Busy",
    PRINTING: "Printing",
    PAUSED: "Paused",
    FINISHED: "Operational",
    STOPPED: "Cancelling",
    ERROR: "Error",
    ATTENTION: "Error",
  };
  return LegacyPrinterSchema.parse({
    temperature: { tool0: { actual: 24.1, target: 0 }, bed: { actual: 23.9, target: 0 } },
    sd: { ready: false },
    state: {
      text: texts[state],
      flags: {
        operational: ["IDLE", "FINISHED", "STOPPED"].includes(state),
        paused: state === "PAUSED",
        printing: state === "PRINTING",
        cancelling: withLinkState && state === "STOPPED",
        pausing: state === "PAUSED",
        sdReady: false,
        error: state === "ERROR",
        ready: state === "IDLE",
        closedOrError: false,
        finished: state === "FINISHED",
        prepared: false,
        ...(withLinkState ? { link_state: state } : {}),
      },
    },
    telemetry: {
      "temp-bed": 23.9,
      "temp-nozzle": 24.1,
      material: " - ",
      "z-height": 0.2,
      "print-speed": 100,
    },
    storage: { local: { free_space: 1, total_space: 2 }, sd_card: null },
  });
}

/** /api/job as Prusa-Link sends it: the selected file (or nulls), progress only while a job runs. */
function rpiJob(text: string, selected: boolean, inProgress: boolean) {
  return LegacyJobSchema.parse({
    job: {
      estimatedPrintTime: 3600,
      averagePrintTime: null,
      lastPrintTime: null,
      filament: null,
      file: selected
        ? {
            name: "benchy_0.2mm_PLA_MK3S_1h.gcode",
            path,
            size: 123456,
            origin: "local",
            date: 1_700_000_000,
            display: "benchy_0.2mm_PLA_MK3S_1h.gcode",
          }
        : { name: null, path: null, date: null, size: null, origin: null, display: null },
      user: "_api",
    },
    progress: {
      completion: inProgress ? 0.42 : null,
      filepos: 0,
      printTime: inProgress ? 1200 : null,
      printTimeLeft: inProgress ? 2400 : null,
      printTimeLeftOrigin: "estimate",
    },
    state: text,
  });
}

describe("PrusaLink legacy API (Prusa-Link on a Raspberry Pi)", () => {
  it("an idle printer with the last file still selected is idle with no job", () => {
    for (const withLinkState of [true, false]) {
      const status = normalizeLegacyStatus(
        rpiPrinter("IDLE", withLinkState),
        rpiJob("Operational", true, false),
        at,
      );
      expect(status.state).toBe("idle");
      expect(status.job).toBeUndefined();
      expect(status.errors).toEqual([]);
      // …even while the adapter still tracks that file's print (it ended unseen).
      expect(
        normalizeLegacyStatus(
          rpiPrinter("IDLE", withLinkState),
          rpiJob("Operational", true, false),
          at,
          tracked,
        ).job,
      ).toBeUndefined();
    }
    expect(
      normalizeLegacyStatus(rpiPrinter("IDLE"), rpiJob("Operational", false, false), at).job,
    ).toBeUndefined();
    expect(normalizeLegacyStatus(rpiPrinter("READY"), rpiJob("Operational", true, false), at)).toMatchObject({
      state: "idle",
      rawState: "READY",
    });
  });

  it("a running print is printing, with its path as id and progress in percent", () => {
    const status = normalizeLegacyStatus(rpiPrinter("PRINTING"), rpiJob("Printing", true, true), at);
    expect(status.state).toBe("printing");
    expect(status.job).toEqual({
      id: path,
      name: "benchy_0.2mm_PLA_MK3S_1h.gcode",
      displayName: "benchy_0.2mm_PLA_MK3S_1h.gcode",
      state: "PRINTING",
      progress: 42,
      elapsedSeconds: 1200,
      remainingSeconds: 2400,
      fileSize: 123456,
    });
    const paused = normalizeLegacyStatus(rpiPrinter("PAUSED"), rpiJob("Paused", true, true), at);
    expect([paused.state, paused.job?.state]).toEqual(["paused", "PAUSED"]);
  });

  it("FINISHED and STOPPED are idle with the tracked job completed or cancelled", () => {
    for (const withLinkState of [true, false]) {
      const finished = normalizeLegacyStatus(
        rpiPrinter("FINISHED", withLinkState),
        rpiJob("Operational", true, false),
        at,
        tracked,
      );
      expect(finished.state).toBe("idle");
      expect(finished.job).toMatchObject({
        id: path,
        state: "COMPLETED",
        progress: 100,
        remainingSeconds: 0,
      });
      const stopped = normalizeLegacyStatus(
        rpiPrinter("STOPPED", withLinkState),
        rpiJob("Cancelling", true, false),
        at,
        tracked,
      );
      expect(stopped.state).toBe("idle");
      expect(stopped.job).toMatchObject({ id: path, state: "CANCELLED", progress: 97 });
    }
    // Without a tracked print (an adapter started after it ended) there is nothing to end.
    expect(
      normalizeLegacyStatus(rpiPrinter("FINISHED"), rpiJob("Operational", true, false), at).job,
    ).toBeUndefined();
    expect(
      normalizeLegacyStatus(rpiPrinter("STOPPED"), rpiJob("Cancelling", true, false), at).job,
    ).toBeUndefined();
  });

  it("ATTENTION halts the print and asks for a hand; ERROR is an error that fails the tracked job", () => {
    for (const withLinkState of [true, false]) {
      const attention = normalizeLegacyStatus(
        rpiPrinter("ATTENTION", withLinkState),
        rpiJob("Error", true, true),
        at,
      );
      expect(attention.state).toBe("paused");
      expect(attention.job?.state).toBe("PAUSED");
      expect(attention.errors.map((e) => e.code)).toEqual(["ATTENTION"]);
    }
    const idleAttention = normalizeLegacyStatus(rpiPrinter("ATTENTION"), rpiJob("Error", false, false), at);
    expect([idleAttention.state, idleAttention.job]).toEqual(["busy", undefined]);
    const error = normalizeLegacyStatus(rpiPrinter("ERROR"), rpiJob("Error", true, true), at, tracked);
    expect(error.state).toBe("error");
    expect(error.job?.state).toBe("FAILED");
    expect(error.errors).toEqual([{ code: "ERROR", severity: "serious", message: "Error" }]);
  });

  it("BUSY is a print only when the printer reports progress", () => {
    const busyPrint = normalizeLegacyStatus(rpiPrinter("BUSY"), rpiJob("Busy", true, true), at);
    expect([busyPrint.state, busyPrint.job?.state]).toEqual(["busy", "PRINTING"]);
    const busyIdle = normalizeLegacyStatus(rpiPrinter("BUSY"), rpiJob("Busy", true, false), at);
    expect([busyIdle.state, busyIdle.job]).toEqual(["busy", undefined]);
  });

  it("the placeholder material is no filament", () => {
    expect(
      normalizeLegacyStatus(rpiPrinter("IDLE"), rpiJob("Operational", false, false), at).filament,
    ).toEqual([]);
  });
});

describe("PrusaLink legacy API (Buddy firmware)", () => {
  const buddyPrinter = (text: string, flags: object, material = "PLA") =>
    LegacyPrinterSchema.parse({
      telemetry: { "temp-bed": 60, "temp-nozzle": 215, "print-speed": 100, "z-height": 2, material },
      state: {
        text,
        flags: { sdReady: false, closedOnError: false, ...flags },
      },
    });
  const buddyJob = (state: string) =>
    LegacyJobSchema.parse({
      state,
      job: {
        estimatedPrintTime: 3600,
        file: {
          name: "Benchy long name.bgcode",
          path: "/usb/BENCHY~1.BGC",
          display: "Benchy long name.bgcode",
        },
      },
      progress: { completion: 0.5, printTime: 1800 },
    });
  const buddyTracked: Job = { id: "/usb/BENCHY~1.BGC", name: "BENCHY~1.BGC", state: "PRINTING" };

  it("maps printing, an abort in progress, attention questions and idle", () => {
    const printing = normalizeLegacyStatus(
      buddyPrinter("Printing", { link_state: "PRINTING", operational: false, printing: true }),
      buddyJob("Printing"),
      at,
    );
    expect(printing).toMatchObject({ state: "printing", job: { name: "BENCHY~1.BGC", state: "PRINTING" } });
    expect(printing.job?.displayName).toBe("Benchy long name.bgcode");
    const aborting = normalizeLegacyStatus(
      buddyPrinter("Operational", { link_state: "BUSY", operational: false, cancelling: true, busy: true }),
      buddyJob("Cancelling"),
      at,
      buddyTracked,
    );
    expect([aborting.state, aborting.job?.state]).toEqual(["busy", "CANCELLED"]);
    const question = normalizeLegacyStatus(
      buddyPrinter("Printing", { link_state: "ATTENTION", printing: true, busy: true, error: true }),
      buddyJob("Error"),
      at,
    );
    expect([question.state, question.job?.state]).toEqual(["paused", "PAUSED"]);
    expect(question.errors.map((e) => e.code)).toEqual(["ATTENTION"]);
    const idle = normalizeLegacyStatus(
      buddyPrinter("Operational", { operational: true, ready: true }, "---"),
      LegacyJobSchema.parse({ state: "Operational", job: null, progress: null }),
      at,
    );
    expect(idle).toMatchObject({ state: "idle", filament: [], errors: [] });
    expect(idle.job).toBeUndefined();
  });
});

describe("placeholder materials", () => {
  it("are no filament; real names pass trimmed", () => {
    for (const placeholder of [" - ", "---", "--", "-", "", "   ", "NONE", "none", "N/A", undefined])
      expect(materialName(placeholder)).toBeUndefined();
    expect(materialName(" PETG ")).toBe("PETG");
    expect(materialName("PLA-CF")).toBe("PLA-CF");
  });
});

describe("v1 printer states", () => {
  it("every state of the enum maps, with and without a job", () => {
    const expected: Record<string, [string, string]> = {
      IDLE: ["idle", "idle"],
      READY: ["idle", "idle"],
      BUSY: ["busy", "busy"],
      PRINTING: ["printing", "printing"],
      PAUSED: ["paused", "paused"],
      FINISHED: ["idle", "idle"],
      STOPPED: ["idle", "idle"],
      ERROR: ["error", "error"],
      ATTENTION: ["busy", "paused"],
    };
    for (const [raw, [withoutJob, withJob]] of Object.entries(expected)) {
      expect(normalizeStatus(StatusSchema.parse({ printer: { state: raw } }), undefined, at).state, raw).toBe(
        withoutJob,
      );
      const running = StatusSchema.parse({ printer: { state: raw }, job: { id: 3, progress: 10 } });
      const hasActiveJob = ["PRINTING", "PAUSED", "ATTENTION"].includes(raw);
      if (hasActiveJob) expect(normalizeStatus(running, undefined, at).state, raw).toBe(withJob);
    }
    const attention = normalizeStatus(StatusSchema.parse({ printer: { state: "ATTENTION" } }), undefined, at);
    expect(attention.errors.map((e) => e.code)).toEqual(["ATTENTION"]);
  });

  it("a job answer without its file (file: null early in a print) keeps the names already known", () => {
    const last: Job = { id: "3", name: "BENCHY~1.BGC", displayName: "Benchy long.bgcode", state: "PRINTING" };
    const status = normalizeStatus(
      StatusSchema.parse({ printer: { state: "PRINTING" }, job: { id: 3, progress: 12 } }),
      JobSchema.parse({ id: 3, state: "PRINTING", progress: 12, time_remaining: null, file: null }),
      at,
      last,
    );
    expect(status.job).toMatchObject({ id: "3", name: "BENCHY~1.BGC", displayName: "Benchy long.bgcode" });
    expect(status.job).not.toHaveProperty("remainingSeconds");
  });

  it("Prusa-Link's job state BUSY (the printer's state, mid-print) is a running print", () => {
    const job = JobSchema.parse({ id: 4, state: "BUSY", progress: 30, file: { name: "a.gcode" } });
    const status = normalizeStatus(
      StatusSchema.parse({ printer: { state: "BUSY" }, job: { id: 4, progress: 30 } }),
      job,
      at,
    );
    expect([status.state, status.job?.state]).toEqual(["busy", "PRINTING"]);
  });

  it("a status-only poll keeps the long name the job endpoint gave", () => {
    const last: Job = { id: "3", name: "BENCHY~1.BGC", displayName: "Benchy long.bgcode", state: "PRINTING" };
    const status = normalizeStatus(
      StatusSchema.parse({ printer: { state: "PRINTING" }, job: { id: 3, progress: 11 } }),
      undefined,
      at,
      last,
    );
    expect(status.job).toMatchObject({
      name: "BENCHY~1.BGC",
      displayName: "Benchy long.bgcode",
      progress: 11,
    });
  });
});
