import { describe, expect, it } from "vitest";
import { recognizePrinterModel, slicerModelIdsMatching } from "./kinds";

describe("recognizePrinterModel", () => {
  it.each([
    // Bambu Studio / Orca `printer_model`, the 3MF's model id, the admin form, pybambu's spelling
    ["Bambu Lab P1S", "bambu", "P1S"],
    ["C12", "bambu", "P1S"],
    ["BL-P001", "bambu", "X1C"],
    ["Bambu Lab X1 Carbon", "bambu", "X1C"],
    ["X1C", "bambu", "X1C"],
    ["N1", "bambu", "A1 mini"],
    ["A1MINI", "bambu", "A1 mini"],
    ["N2S", "bambu", "A1"],
    ["O1D", "bambu", "H2D"],
    // PrusaSlicer `printer_model`, PrusaLink's type, the admin form's list
    ["MK4S", "prusa", "MK4S"],
    ["MK4IS", "prusa", "MK4"],
    ["MK4", "prusa", "MK4"],
    ["MK3.9", "prusa", "MK3.9"],
    ["MINIIS", "prusa", "MINI"],
    ["XL5IS", "prusa", "XL"],
    ["COREONE", "prusa", "CORE One"],
    ["Core One", "prusa", "CORE One"],
    ["MK3SMMU3", "prusa", "MK3S"],
    ["MK3S (PrusaLink RPi)", "prusa", "MK3S"],
    ["Original Prusa MK4S", "prusa", "MK4S"],
  ])("%s is %s %s", (name, vendor, model) => {
    expect(recognizePrinterModel(name)).toMatchObject({ vendor, model });
  });

  it("says the model for a sentence", () => {
    expect(recognizePrinterModel("BL-P001")?.label).toBe("Bambu Lab X1 Carbon");
    expect(recognizePrinterModel("C12")?.label).toBe("Bambu Lab P1S");
    expect(recognizePrinterModel("MK4S")?.label).toBe("Prusa MK4S");
  });

  it.each([undefined, null, "", "  ", "Voron 2.4", "BL-P999", "MK9"])("does not know %s", (name) => {
    expect(recognizePrinterModel(name)).toBeUndefined();
  });
});

describe("slicerModelIdsMatching", () => {
  it("finds the 3MF model ids of the printers whose name contains the text", () => {
    expect(slicerModelIdsMatching("x1")).toEqual(["BL-P001"]);
    expect(slicerModelIdsMatching(" Carbon ")).toEqual(["BL-P001"]);
    expect(slicerModelIdsMatching("P1S")).toEqual(["C12"]);
    expect(slicerModelIdsMatching("A1 mini")).toEqual(["N1"]);
    expect(slicerModelIdsMatching("Bambu")).toContain("O1D");
    expect(slicerModelIdsMatching("MK4")).toEqual([]);
    expect(slicerModelIdsMatching("  ")).toEqual([]);
  });
});
