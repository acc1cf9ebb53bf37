import { describe, expect, it } from "vitest";
import { normalizeColor, normalizeSlicer, parseDuration, splitList, toNumber } from "./values";

describe("slicer value parsers", () => {
  it("durations as slicers write them", () => {
    expect(parseDuration("1d 2h 3m 4s")).toBe(93_784);
    expect(parseDuration("58m 3s")).toBe(3483);
    expect(parseDuration("26s")).toBe(26);
    expect(parseDuration("3600")).toBe(3600);
    expect(parseDuration("1h2m")).toBe(3720);
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("1h and a bit")).toBeUndefined();
    expect(parseDuration("")).toBeUndefined();
  });

  it("lists, numbers, colours", () => {
    expect(splitList('PLA;PETG; "ABS"')).toEqual(["PLA", "PETG", "ABS"]);
    expect(splitList("3.68, 0.00")).toEqual(["3.68", "0.00"]);
    expect(toNumber("0.4")).toBe(0.4);
    expect(toNumber("12abc")).toBeUndefined();
    expect(toNumber("nan")).toBeUndefined();
    expect(normalizeColor("#eca514ff")).toBe("#ECA514");
    expect(normalizeColor("ECA514")).toBe("#ECA514");
    expect(normalizeColor("red")).toBeUndefined();
  });

  it("slicer names", () => {
    expect(normalizeSlicer("PrusaSlicer 2.8.1+linux-x64-GTK3")).toBe("PrusaSlicer 2.8.1");
    expect(normalizeSlicer("BambuStudio-02.00.03.54")).toBe("BambuStudio 02.00.03.54");
    expect(normalizeSlicer("OrcaSlicer 2.2.0")).toBe("OrcaSlicer 2.2.0");
    expect(normalizeSlicer("Cura_SteamEngine 5.4.0")).toBe("Cura_SteamEngine 5.4.0");
    expect(normalizeSlicer("Simplify3D(R) Version 4.1.2")).toBe("Simplify3D(R) Version 4.1.2");
  });
});
