// The model table and model recognition, checked against what ha-bambulab's pybambu does
// (utils.get_printer_type, models.Device.supports_feature) and the get_version fixtures.
import { describe, expect, it } from "vitest";
import { readFixture } from "@printernizer/printer-sim/shared-files";
import {
  BambuInfoSchema,
  BambuMessageSchema,
  type BambuPrint,
  type BambuVersionModule,
} from "./bambu-schemas";
import {
  BAMBU_MODEL_NAMES,
  BAMBU_MODELS,
  bambuModelFacts,
  modelFromSerial,
  modelFromVersion,
  recognizeModel,
} from "./bambu-models";
import { familyOf, normalizeIdentity, normalizeStatus } from "./bambu-normalize";

const at = new Date("2025-01-01T12:00:00Z");
const ota = (extra: Partial<BambuVersionModule>): BambuVersionModule => ({
  name: "ota",
  sw_ver: "01.00.00.00",
  ...extra,
});

function fixtureModules(name: string): BambuVersionModule[] {
  const raw = readFixture("bambu", name) as Record<string, unknown>;
  const version =
    "pushall" in raw
      ? BambuMessageSchema.parse(raw.get_version).info
      : BambuInfoSchema.parse(raw.get_version);
  return version?.module ?? [];
}

describe("BAMBU_MODELS", () => {
  it("lists every model pybambu's Printers enum knows, plus X2D and A2L from Bambu Studio", () => {
    // pybambu const.Printers: A1 A1MINI P1P P1S P2S H2C H2D H2DPRO H2S X1E X1C X1
    for (const name of [
      "A1",
      "A1MINI",
      "P1P",
      "P1S",
      "P2S",
      "H2C",
      "H2D",
      "H2DPRO",
      "H2S",
      "X1E",
      "X1C",
      "X1",
    ])
      expect(bambuModelFacts(name)?.source, name).toBe("pybambu");
    expect(bambuModelFacts("X2D")?.source).toBe("bambu-studio");
    expect(bambuModelFacts("A2L")?.source).toBe("bambu-studio");
    expect(BAMBU_MODEL_NAMES).toHaveLength(14);
  });

  it("chamber sensor, camera and dual nozzle as pybambu's supports_feature says per model", () => {
    const facts = (m: string) => bambuModelFacts(m)!;
    // CHAMBER_TEMPERATURE and CAMERA_RTSP: H2C H2D H2DPRO H2S P2S X1 X1C X1E
    for (const m of ["H2C", "H2D", "H2D Pro", "H2S", "P2S", "X1", "X1C", "X1E"])
      expect([m, facts(m).chamberSensor, facts(m).camera]).toEqual([m, true, "rtsps"]);
    // CAMERA_IMAGE (port-6000 JPEG), no chamber sensor: A1 A1MINI P1P P1S
    for (const m of ["A1", "A1 mini", "P1P", "P1S"])
      expect([m, facts(m).chamberSensor, facts(m).camera, facts(m).reports]).toEqual([
        m,
        false,
        "chamber_image",
        "delta",
      ]);
    // AMS_FILAMENT_REMAINING: false only on A1 and A1MINI (AMS Lite)
    expect(BAMBU_MODEL_NAMES.filter((m) => facts(m).amsRemaining === false)).toEqual(["A1", "A1 mini"]);
    // DUAL_NOZZLES: H2C H2D H2DPRO
    expect(BAMBU_MODEL_NAMES.filter((m) => facts(m).dualNozzle === true)).toEqual(["H2D", "H2D Pro", "H2C"]);
    // What neither source states stays unknown rather than guessed.
    expect(facts("X2D")).toMatchObject({
      chamberSensor: "unknown",
      camera: "unknown",
      dualNozzle: "unknown",
    });
  });

  it("no two models share a serial prefix or a product name", () => {
    const prefixes = Object.values(BAMBU_MODELS).flatMap((m) => [...m.serialPrefixes]);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const products = Object.values(BAMBU_MODELS).flatMap((m) => [...m.productNames]);
    expect(new Set(products).size).toBe(products.length);
  });
});

describe("model recognition", () => {
  it("from get_version product_name, as pybambu get_printer_type", () => {
    const cases: [string, string][] = [
      ["Bambu Lab X1-Carbon", "X1C"],
      ["Bambu Lab X1", "X1"],
      ["Bambu Lab X1E", "X1E"],
      ["Bambu Lab P1P", "P1P"],
      ["Bambu Lab P1S", "P1S"],
      ["Bambu Lab A1", "A1"],
      ["Bambu Lab A1 mini", "A1 mini"],
      ["Bambu Lab P2S", "P2S"],
      ["Bambu Lab H2D", "H2D"],
      ["Bambu Lab H2D Pro", "H2D Pro"],
      ["Bambu Lab H2S", "H2S"],
      ["Bambu Lab H2C", "H2C"],
    ];
    for (const [product, model] of cases)
      expect(modelFromVersion([ota({ product_name: product })]), product).toBe(model);
    // An unknown product is kept by name, not mistaken for a known one.
    expect(modelFromVersion([ota({ product_name: "Bambu Lab Z9" })])).toBe("Z9");
  });

  it("from the esp32/ota project_name when product_name is empty (pybambu: C11 P1P, C12 P1S, N1 A1 mini, N2S A1)", () => {
    const esp32 = (project: string, hw: string): BambuVersionModule[] => [
      ota({ project_name: project, hw_ver: "OTA" }),
      { name: "esp32", project_name: project, hw_ver: hw, sw_ver: "01.00" },
    ];
    expect(modelFromVersion(esp32("C11", "AP04"))).toBe("P1P");
    expect(modelFromVersion(esp32("C12", "AP04"))).toBe("P1S");
    expect(modelFromVersion(esp32("N1", "AP07"))).toBe("A1 mini");
    expect(modelFromVersion(esp32("N2S", "AP05"))).toBe("A1");
  });

  it("from the AP board on old X1 firmware: AP02 = X1E, AP05 rv1126 = X1C", () => {
    expect(modelFromVersion([ota({}), { name: "ap", hw_ver: "AP02", sw_ver: "00.00.32.14" }])).toBe("X1E");
    expect(modelFromVersion([ota({}), { name: "rv1126", hw_ver: "AP05", sw_ver: "00.00.28.55" }])).toBe(
      "X1C",
    );
  });

  it("an accessory's product name (AMS, AMS HT, Air Pump) never names the printer", () => {
    const modules: BambuVersionModule[] = [
      { name: "n3f/0", product_name: "AMS 2 Pro (1)", sw_ver: "1" },
      { name: "pc", product_name: "Air Pump", sw_ver: "1" },
      ota({ product_name: "" }),
    ];
    expect(modelFromVersion(modules)).toBeUndefined();
  });

  it("from every fixture's get_version", () => {
    expect(modelFromVersion(fixtureModules("greghesp-ha-bambulab__X1C__pushall-multi-ams.json"))).toBe("X1C");
    expect(modelFromVersion(fixtureModules("greghesp-ha-bambulab__A1__pushall-idle-amslite.json"))).toBe(
      "A1",
    );
    expect(
      modelFromVersion(fixtureModules("greghesp-ha-bambulab__H2D__pushall-plus-delta-fragments.json")),
    ).toBe("H2D");
    expect(modelFromVersion(fixtureModules("greghesp-ha-bambulab__P1P__pushall-failed-with-ams.json"))).toBe(
      "P1P",
    );
    expect(modelFromVersion(fixtureModules("greghesp-ha-bambulab__P1P__pushall-idle-noams.json"))).toBe(
      "P1P",
    );
  });

  it("from the serial prefix (Bambu Studio sn_prefix): 01S is a P1P, 00M an X1C", () => {
    const cases: [string, string][] = [
      ["00M09A351100123", "X1C"],
      ["00W00A000000000", "X1"],
      ["03W00X000000000", "X1E"],
      ["01S00C000000000", "P1P"],
      ["01P00A000000000", "P1S"],
      ["039000000000000", "A1"],
      ["030000000000000", "A1 mini"],
      ["22E000000000000", "P2S"],
      ["094000000000000", "H2D"],
      ["239000000000000", "H2D Pro"],
      ["093000000000000", "H2S"],
      ["31B000000000000", "H2C"],
      ["20P000000000000", "X2D"],
      ["26A000000000000", "A2L"],
    ];
    for (const [serial, model] of cases) expect(modelFromSerial(serial), serial).toBe(model);
    expect(modelFromSerial("ZZZ123")).toBeUndefined();
    expect(modelFromSerial("01")).toBeUndefined();
  });

  it("get_version wins over the serial prefix, which wins over the configured model", () => {
    const x1c = [ota({ product_name: "Bambu Lab X1-Carbon" })];
    expect(recognizeModel({ modules: x1c, serial: "01P000", configured: "A1" })).toBe("X1C");
    expect(recognizeModel({ serial: "01P000", configured: "A1" })).toBe("P1S");
    expect(recognizeModel({ serial: "ZZZ000", configured: "a1 mini" })).toBe("A1 mini");
    expect(recognizeModel({ configured: "Prototype" })).toBe("Prototype");
    expect(normalizeIdentity(undefined, "094XYZ").model).toBe("H2D");
  });

  it("report style: P1/A1 send deltas, the rest full reports; an unknown esp32 printer sends deltas", () => {
    expect(familyOf("P1S")).toBe("p1a1");
    expect(familyOf("A1 mini")).toBe("p1a1");
    expect(familyOf("H2D")).toBe("x1");
    expect(familyOf("Prototype", [{ name: "esp32", sw_ver: "1" }])).toBe("p1a1");
    expect(familyOf("Prototype")).toBe("x1");
    expect(familyOf(undefined)).toBeUndefined();
  });
});

describe("chamber temperature follows the model table", () => {
  const report = (chamber: number, device?: BambuPrint["device"]): BambuPrint => ({
    chamber_temper: chamber,
    ...(device ? { device } : {}),
  });

  it("a model without a chamber sensor never shows one, whatever placeholder it sends", () => {
    for (const model of ["P1P", "P1S", "A1", "A1 mini"])
      for (const value of [5, 0, 25, 38.5]) {
        const plain = normalizeStatus(report(value), { at, model });
        const packed = normalizeStatus(report(value, { ctc: { info: { temp: 25 } } }), { at, model });
        expect([model, value, plain.temperatures.chamber, packed.temperatures.chamber]).toEqual([
          model,
          value,
          undefined,
          undefined,
        ]);
      }
  });

  it("the serial prefix alone is enough to hide a P1S placeholder", () => {
    expect(
      normalizeStatus(report(25), { at, serial: "01P00A000000000" }).temperatures.chamber,
    ).toBeUndefined();
    expect(normalizeStatus(report(25), { at, serial: "00M00A000000000" }).temperatures.chamber).toEqual({
      current: 25,
    });
  });

  it("a model with a sensor shows it, also 5 °C, and prefers the packed device.ctc value", () => {
    expect(normalizeStatus(report(5), { at, model: "X1C" }).temperatures.chamber).toEqual({ current: 5 });
    const packed = report(49, { ctc: { info: { temp: (60 << 16) | 48 } } });
    expect(normalizeStatus(packed, { at, model: "H2D" }).temperatures.chamber).toEqual({
      current: 48,
      target: 60,
    });
  });

  it("an unknown model: device.ctc is trusted, a bare 5 °C without the device block is the placeholder", () => {
    expect(normalizeStatus(report(5), { at }).temperatures.chamber).toBeUndefined();
    expect(normalizeStatus(report(31), { at }).temperatures.chamber).toEqual({ current: 31 });
    const packed = report(5, { ctc: { info: { temp: 33 } } });
    expect(normalizeStatus(packed, { at, model: "X2D" }).temperatures.chamber).toEqual({
      current: 33,
      target: 0,
    });
  });
});
