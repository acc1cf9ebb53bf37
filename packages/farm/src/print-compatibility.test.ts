import type { FileMetadata, FilamentNeed } from "@printernizer/file-meta";
import type { FilamentSlot, PrinterStatus } from "@printernizer/printers";
import { describe, expect, it } from "vitest";
import { blockers, checkCompatibility, overridable, type CompatibilityInput } from "./print-compatibility";
import { colorDistance } from "./print-compatibility-words";

const need = (index: number, type: string, color: string): FilamentNeed => ({ index, type, color });

function bambu3mf(filaments: FilamentNeed[], extra: Partial<FileMetadata> = {}): FileMetadata {
  return {
    format: "3mf",
    slicer: "BambuStudio 02.00.03.54",
    printerModel: "C12",
    nozzleDiameter: 0.4,
    filaments,
    plates: [{ index: 1, filaments }],
    warnings: [],
    ...extra,
  };
}

function prusaGcode(extra: Partial<FileMetadata> = {}): FileMetadata {
  return {
    format: "bgcode",
    slicer: "PrusaSlicer 2.8.1",
    printerModel: "MK4",
    nozzleDiameter: 0.4,
    filaments: [need(1, "PLA", "#FF8000")],
    plates: [],
    warnings: [],
    ...extra,
  };
}

const tray = (unit: number, slot: number, material?: string, color?: string): FilamentSlot => ({
  unit,
  slot,
  trayId: unit * 4 + slot,
  state: material ? "loaded" : "no_rfid",
  active: false,
  ...(material ? { material } : {}),
  ...(color ? { color } : {}),
});
const externalSpool = (material?: string, color?: string): FilamentSlot => ({
  unit: "external",
  slot: 0,
  trayId: 254,
  state: material ? "loaded" : "no_rfid",
  active: false,
  ...(material ? { material, color } : {}),
});

function status(filament: FilamentSlot[], nozzleDiameter = 0.4): PrinterStatus {
  return {
    state: "idle",
    temperatures: {},
    filament,
    errors: [],
    nozzleDiameter,
    lastCommunication: new Date(0),
  };
}

/** An AMS with white PLA, red PLA, orange PETG and black PETG. */
const ams = [
  tray(0, 0, "PLA", "#FFFFFFFF"),
  tray(0, 1, "PLA", "#C12E1FFF"),
  tray(0, 2, "PETG", "#F98C36FF"),
  tray(0, 3, "PETG", "#000000FF"),
];
const p1s = { kind: "bambu", model: "P1S", name: "P1S-1" };
const mk4 = { kind: "prusalink", model: "MK4", name: "MK4-1" };

const codes = (input: CompatibilityInput) =>
  checkCompatibility(input).problems.map((p) => `${p.level}:${p.code}`);

describe("checkCompatibility", () => {
  it.each<[string, CompatibilityInput, string[]]>([
    [
      "a P1S file on a P1S with matching filament",
      { metadata: bambu3mf([need(1, "PLA", "#FFFFFF")]), plate: 1, printer: p1s, status: status(ams) },
      [],
    ],
    [
      "an X1C file on a P1S",
      {
        metadata: bambu3mf([need(1, "PLA", "#FFFFFF")], { printerModel: "Bambu Lab X1 Carbon" }),
        plate: 1,
        printer: p1s,
        status: status(ams),
      },
      ["mismatch:model"],
    ],
    [
      "a 0.6 mm file on a 0.4 mm nozzle",
      {
        metadata: prusaGcode({ nozzleDiameter: 0.6 }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["mismatch:nozzle"],
    ],
    [
      "a .bgcode on a Bambu printer",
      { metadata: prusaGcode({ printerModel: "C12" }), plate: 1, printer: p1s, status: status([]) },
      ["blocking:format", "warning:filament_unknown"],
    ],
    [
      "a .3mf on a Prusa",
      { metadata: bambu3mf([], { printerModel: "MK4" }), plate: 1, printer: mk4, status: status([]) },
      ["blocking:format"],
    ],
    [
      "a PETG file on a PLA-loaded MK4",
      {
        metadata: prusaGcode({ filaments: [need(1, "PETG", "#FF8000")] }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["mismatch:material"],
    ],
    [
      "a file without a model",
      {
        metadata: prusaGcode({ printerModel: undefined }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["warning:model_unchecked"],
    ],
    [
      "a file for a printer nobody knows",
      {
        metadata: prusaGcode({ printerModel: "Voron 2.4" }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["warning:model_unchecked"],
    ],
    [
      "a printer without a model",
      {
        metadata: prusaGcode(),
        plate: 1,
        printer: { ...mk4, model: null },
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["warning:model_unchecked"],
    ],
    [
      "an MK4IS file on an MK4",
      {
        metadata: prusaGcode({ printerModel: "MK4IS" }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      [],
    ],
    [
      "an MK4S file on an MK4",
      {
        metadata: prusaGcode({ printerModel: "MK4S" }),
        plate: 1,
        printer: mk4,
        status: status([externalSpool("PLA", "#FF8000")]),
      },
      ["mismatch:model"],
    ],
    [
      "a Prusa that does not report filament or nozzle",
      {
        metadata: prusaGcode(),
        plate: 1,
        printer: mk4,
        status: { ...status([]), nozzleDiameter: undefined },
      },
      ["warning:nozzle_unchecked", "warning:filament_unknown"],
    ],
    [
      "a printer never heard from",
      { metadata: prusaGcode(), plate: 1, printer: mk4, status: null },
      ["warning:nozzle_unchecked", "warning:filament_unknown"],
    ],
    [
      "a plate that is not sliced",
      { metadata: bambu3mf([need(1, "PLA", "#FFFFFF")]), plate: 2, printer: p1s, status: status(ams) },
      ["blocking:plate"],
    ],
    [
      "a 3MF with no sliced plates",
      { metadata: bambu3mf([], { plates: [] }), plate: 1, printer: p1s, status: status(ams) },
      ["blocking:plate"],
    ],
    [
      "plate 2 of a G-code",
      { metadata: prusaGcode(), plate: 2, printer: mk4, status: status([externalSpool("PLA", "#FF8000")]) },
      ["blocking:plate"],
    ],
    [
      "a white PLA plate on an AMS without white",
      {
        metadata: bambu3mf([need(1, "PLA", "#FFFFFF")]),
        plate: 1,
        printer: p1s,
        status: status([ams[1]!, ams[2]!]),
      },
      ["mismatch:color"],
    ],
    [
      "TPU nobody loaded",
      { metadata: bambu3mf([need(1, "TPU", "#FFFFFF")]), plate: 1, printer: p1s, status: status(ams) },
      ["mismatch:material"],
    ],
  ])("%s", (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it("maps a two-filament plate on a P1S with four trays by material, then nearest colour", () => {
    // Filament 1 orange PETG → tray 2 (orange PETG); filament 3 off-white PLA → tray 0; filament 2 unused.
    const metadata = bambu3mf([need(1, "PETG", "#FF8000"), need(3, "PLA", "#F8F8F0")]);
    const result = checkCompatibility({ metadata, plate: 1, printer: p1s, status: status(ams) });
    expect(result.problems).toEqual([]);
    expect(result.amsMapping).toEqual([2, -1, 0]);
    expect(result.slots).toEqual([
      {
        index: 1,
        need: { type: "PETG", color: "#FF8000" },
        trayId: 2,
        label: "AMS 1 slot 3: PETG #F98C36",
      },
      { index: 3, need: { type: "PLA", color: "#F8F8F0" }, trayId: 0, label: "AMS 1 slot 1: PLA #FFFFFF" },
    ]);
  });

  it("gives each tray to one filament, unless two filaments are the same", () => {
    const two = bambu3mf([need(1, "PLA", "#FFFFFF"), need(2, "PLA", "#FFFFFF")]);
    expect(
      checkCompatibility({ metadata: two, plate: 1, printer: p1s, status: status(ams) }).amsMapping,
    ).toEqual([0, 0]);
    const whiteAndRed = bambu3mf([need(1, "PLA", "#FFFFFF"), need(2, "PLA", "#FF0000")]);
    expect(
      checkCompatibility({ metadata: whiteAndRed, plate: 1, printer: p1s, status: status(ams) }).amsMapping,
    ).toEqual([0, 1]);
    const threePla = bambu3mf([
      need(1, "PLA", "#FFFFFF"),
      need(2, "PLA", "#C0301F"),
      need(3, "PLA", "#00FF00"),
    ]);
    const result = checkCompatibility({ metadata: threePla, plate: 1, printer: p1s, status: status(ams) });
    expect(result.amsMapping).toEqual([0, 1, -1]);
    expect(result.problems.map((p) => p.message)).toEqual([
      "Needs PLA (#00FF00) — every PLA tray is taken by another filament of this plate.",
    ]);
  });

  it("says a wrong material or colour in words", () => {
    const metadata = prusaGcode({ filaments: [need(1, "PETG", "#FF8000")] });
    const petg = checkCompatibility({
      metadata,
      plate: 1,
      printer: mk4,
      status: status([externalSpool("PLA", "#FF8000")]),
    });
    expect(petg.problems.map((p) => p.message)).toEqual([
      "Filament 1 needs PETG (#FF8000); External spool has PLA (#FF8000).",
    ]);
    const red = checkCompatibility({
      metadata: bambu3mf([need(1, "PLA", "#FFFFFF")]),
      plate: 1,
      printer: p1s,
      status: status([ams[1]!]),
    });
    expect(red.problems.map((p) => p.message)).toEqual([
      "Filament 1 needs PLA (#FFFFFF); AMS 1 slot 2 has PLA (#C12E1F), another colour.",
    ]);
  });

  it("says which filament is missing in words", () => {
    const metadata = bambu3mf([need(1, "PETG", "#FF8000"), need(2, "ASA", "#FF8000")]);
    const { problems } = checkCompatibility({ metadata, plate: 1, printer: p1s, status: status(ams) });
    expect(problems.map((p) => p.message)).toEqual(["Needs ASA (#FF8000) — no ASA loaded."]);
    expect(overridable(problems)).toHaveLength(1);
    expect(blockers(problems)).toEqual([]);
  });

  it("prints from a tray of unknown filament with a warning rather than refusing", () => {
    const metadata = bambu3mf([need(1, "ASA", "#FF8000")]);
    const trays = [ams[0]!, tray(0, 1)];
    const result = checkCompatibility({ metadata, plate: 1, printer: p1s, status: status(trays) });
    expect(result.amsMapping).toEqual([1]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        level: "warning",
        code: "filament_unknown",
        message: expect.stringContaining("AMS 1 slot 2"),
      }),
    ]);
  });

  it("uses the external spool without an AMS or with “use AMS” off", () => {
    const metadata = bambu3mf([need(1, "PLA", "#FFFFFF")]);
    const noAms = checkCompatibility({
      metadata,
      plate: 1,
      printer: p1s,
      status: status([externalSpool("PLA", "#FFFFFFFF")]),
    });
    expect(noAms).toMatchObject({ problems: [], amsMapping: [254] });
    const off = checkCompatibility({
      metadata,
      plate: 1,
      printer: p1s,
      status: status([...ams, externalSpool("PLA", "#FFFFFF")]),
      useAms: false,
    });
    expect(off).toMatchObject({ problems: [], amsMapping: [254] });
    const twoColours = bambu3mf([need(1, "PLA", "#FFFFFF"), need(2, "PLA", "#000000")]);
    const result = checkCompatibility({
      metadata: twoColours,
      plate: 1,
      printer: p1s,
      status: status([externalSpool("PLA", "#FFFFFF")]),
    });
    expect(result.problems[0]).toMatchObject({ code: "too_many_filaments", level: "mismatch" });
  });

  it("checks a mapping the person chose instead of choosing one", () => {
    const metadata = bambu3mf([need(1, "PLA", "#FFFFFF"), need(2, "PETG", "#000000")]);
    const good = checkCompatibility({
      metadata,
      plate: 1,
      printer: p1s,
      status: status(ams),
      amsMapping: [0, 3],
    });
    expect(good).toMatchObject({ problems: [], amsMapping: [0, 3] });
    const swapped = checkCompatibility({
      metadata,
      plate: 1,
      printer: p1s,
      status: status(ams),
      amsMapping: [3, 0],
    });
    expect(swapped.problems.map((p) => p.code)).toEqual(["material", "material"]);
    const missing = checkCompatibility({
      metadata,
      plate: 1,
      printer: p1s,
      status: status(ams),
      amsMapping: [0, 9],
    });
    expect(missing.problems.map((p) => p.message)).toEqual([
      "Filament 2 is mapped to tray 9, which the printer does not have.",
    ]);
  });

  it("says a model mismatch the way a person would", () => {
    const metadata = bambu3mf([], { printerModel: "BL-P001" });
    const [problem] = checkCompatibility({ metadata, plate: 1, printer: p1s, status: status(ams) }).problems;
    expect(problem).toEqual({
      code: "model",
      level: "mismatch",
      blocking: false,
      message: "Sliced for Bambu Lab X1 Carbon, this is a P1S.",
    });
  });

  it("blocks a format the printer cannot print", () => {
    const [problem] = checkCompatibility({
      metadata: prusaGcode(),
      plate: 1,
      printer: p1s,
      status: null,
    }).problems;
    expect(problem).toMatchObject({
      blocking: true,
      message: expect.stringMatching(/^This printer cannot print \.bgcode files/),
    });
  });
});

describe("colorDistance", () => {
  it("is 0 for the same colour, large for different ones, undefined for no colour", () => {
    expect(colorDistance("#FFFFFF", "#ffffffff")).toBeCloseTo(0);
    expect(colorDistance("#FF0000", "#00FF00")).toBeGreaterThan(100);
    expect(colorDistance("#FFFFFF", "#F8F8F0")).toBeLessThan(5);
    expect(colorDistance(undefined, "#FFFFFF")).toBeUndefined();
    expect(colorDistance("red", "#FFFFFF")).toBeUndefined();
  });
});
