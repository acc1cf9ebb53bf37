import type { FileMetadata } from "@printernizer/file-meta";
import { PrintOptionsSchema, type FilamentSlot, type PrinterStatus } from "@printernizer/printers";
import { describe, expect, it } from "vitest";
import { dispatchCheck } from "./queue-dispatch-state";
import { planDispatch, type PlanEntry, type PlanPrinter } from "./queue-plan";
import { planPrestage, type PrestagePrinter } from "./queue-prestage";

const p1sFile: FileMetadata = {
  format: "3mf",
  printerModel: "Bambu Lab P1S",
  nozzleDiameter: 0.4,
  filaments: [{ index: 1, type: "PLA", color: "#FFFFFF" }],
  plates: [{ index: 1, filaments: [{ index: 1, type: "PLA", color: "#FFFFFF" }] }],
  warnings: [],
};
const mk4File: FileMetadata = {
  format: "bgcode",
  printerModel: "MK4",
  nozzleDiameter: 0.4,
  filaments: [{ index: 1, type: "PLA" }],
  plates: [],
  warnings: [],
};

function entry(id: string, metadata: FileMetadata, extra: Partial<PlanEntry> = {}): PlanEntry {
  return {
    id,
    libraryFileId: `file-${id}`,
    fileName: `${id}.${metadata.format}`,
    sha256: `sha-${id}`,
    metadata,
    plate: 1,
    remaining: 1,
    options: PrintOptionsSchema.parse({}),
    target: "any",
    targetPrinterId: null,
    targetModels: [],
    ...extra,
  };
}

const amsTrays: FilamentSlot[] = [
  { unit: 0, slot: 0, trayId: 0, material: "PETG", color: "#000000", state: "loaded", active: false },
  { unit: 0, slot: 1, trayId: 1, material: "PLA", color: "#FFFFFF", state: "loaded", active: false },
];

function status(kind: string, nozzleDiameter = 0.4): PrinterStatus {
  return {
    state: "idle",
    temperatures: {},
    filament:
      kind === "bambu" ? amsTrays : [{ unit: 0, slot: 0, material: "PLA", state: "loaded", active: true }],
    errors: [],
    nozzleDiameter,
    lastCommunication: new Date(0),
  };
}

function printer(
  name: string,
  kind: "bambu" | "prusalink",
  extra: Partial<PrestagePrinter> = {},
): PrestagePrinter {
  return {
    id: name,
    name,
    kind,
    model: kind === "bambu" ? "P1S" : "MK4",
    autoClearPlate: false,
    status: status(kind),
    ready: true,
    staged: new Set(),
    printing: false,
    stagingInFlight: false,
    held: new Set(),
    ...extra,
  };
}

const assignments = (plan: { entry: PlanEntry; printer: PlanPrinter }[]) =>
  plan.map((s) => `${s.entry.id}→${s.printer.name}`);

describe("dispatch plan", () => {
  it("gives entries in order to printers they target and fit, each printer once, up to the copies left", () => {
    const plan = planDispatch({
      entries: [
        entry("one", p1sFile, { target: "printer", targetPrinterId: "P1S-2" }),
        entry("mk4", mk4File, { target: "models", targetModels: ["MK4"] }),
        entry("many", p1sFile, { remaining: 3 }),
      ],
      printers: [printer("P1S-1", "bambu"), printer("P1S-2", "bambu"), printer("MK4-1", "prusalink")],
      budget: 10,
      check: dispatchCheck,
    });
    // "many" gets only P1S-1: the bgcode-capable MK4 cannot print a 3MF, P1S-2 is taken
    expect(assignments(plan)).toEqual(["one→P1S-2", "mk4→MK4-1", "many→P1S-1"]);
    expect(new Set(plan.map((s) => s.printer.id)).size).toBe(plan.length);
  });

  it("starts no more than the heating budget allows", () => {
    const entries = [entry("a", p1sFile, { remaining: 5 })];
    const printers = [printer("P1S-1", "bambu"), printer("P1S-2", "bambu"), printer("P1S-3", "bambu")];
    expect(planDispatch({ entries, printers, budget: 2, check: dispatchCheck })).toHaveLength(2);
    expect(planDispatch({ entries, printers, budget: 0, check: dispatchCheck })).toHaveLength(0);
  });

  it("skips printers that are not ready, do not match the target, or need an override", () => {
    const plan = planDispatch({
      entries: [entry("a", p1sFile, { remaining: 5 })],
      printers: [
        printer("busy", "bambu", { ready: false }),
        printer("wide nozzle", "bambu", { status: status("bambu", 0.6) }),
        printer("X1C", "bambu", { model: "X1C" }),
        printer("unknown model", "bambu", { model: null }),
      ],
      budget: 10,
      check: dispatchCheck,
    });
    // an unknown model is a warning (not checked), never an override
    expect(assignments(plan)).toEqual(["a→unknown model"]);
    expect(plan[0]!.reason).toContain("model not checked");
  });

  it("prefers the printer that has the file staged, and keeps a printer for the entry whose file it holds", () => {
    const staged = planDispatch({
      entries: [entry("a", p1sFile)],
      printers: [printer("A", "bambu"), printer("B", "bambu", { staged: new Set(["sha-a"]) })],
      budget: 10,
      check: dispatchCheck,
    });
    expect(assignments(staged)).toEqual(["a→B"]);
    expect(staged[0]!.staged).toBe(true);
    expect(staged[0]!.reason).toContain("the file is already on the printer");
    const kept = planDispatch({
      entries: [entry("first", p1sFile), entry("second", p1sFile)],
      printers: [printer("A", "bambu", { staged: new Set(["sha-second"]) }), printer("B", "bambu")],
      budget: 10,
      check: dispatchCheck,
    });
    expect(assignments(kept)).toEqual(["first→B", "second→A"]);
  });

  it("says why, including the AMS slot, and puts the chosen AMS mapping into the start's options", () => {
    const plan = planDispatch({
      entries: [entry("a", p1sFile)],
      printers: [printer("P1S-03", "bambu")],
      budget: 1,
      check: dispatchCheck,
    });
    expect(plan[0]!.options.amsMapping).toEqual([1]);
    expect(plan[0]!.reason).toMatch(
      /^Chosen because P1S-03 is idle with the plate cleared, sliced for P1S, nozzle 0\.4 matches, PLA white in AMS 1 slot 2; highest-priority entry that fits\.$/,
    );
  });

  it("counts entries passed over for lack of a printer in the reason", () => {
    const plan = planDispatch({
      entries: [entry("mk4 only", mk4File), entry("p1s", p1sFile)],
      printers: [printer("P1S-1", "bambu")],
      budget: 4,
      check: dispatchCheck,
    });
    expect(assignments(plan)).toEqual(["p1s→P1S-1"]);
    expect(plan[0]!.reason).toMatch(
      /next entry that fits \(1 ahead of it has no matching printer ready\)\.$/,
    );
  });
});

describe("pre-staging plan", () => {
  const printing = (name: string, extra: Partial<PrestagePrinter> = {}) =>
    printer(name, "bambu", { ready: false, printing: true, ...extra });

  it("stages the next fitting entry on printing printers, sooner-finishing first, no more than copies left", () => {
    const plan = planPrestage({
      entries: [entry("mk4", mk4File), entry("a", p1sFile), entry("b", p1sFile, { remaining: 2 })],
      printers: [
        printing("late", { remainingSeconds: 3_600 }),
        printing("soon", { remainingSeconds: 60 }),
        printing("middle", { remainingSeconds: 600 }),
        printer("idle", "bambu"),
      ],
      check: dispatchCheck,
    });
    expect(plan.map((s) => `${s.entry.id}→${s.printer.name}`)).toEqual(["a→soon", "b→middle", "b→late"]);
  });

  it("stages nothing where the next file is there already or a staging is on its way", () => {
    const plan = planPrestage({
      entries: [entry("a", p1sFile), entry("b", p1sFile)],
      printers: [
        printing("has a", { held: new Set(["sha-a"]) }),
        printing("busy", { stagingInFlight: true }),
      ],
      check: dispatchCheck,
    });
    expect(plan).toEqual([]);
  });
});
