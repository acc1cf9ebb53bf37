import { describe, expect, it } from "vitest";
import { slicedForWords } from "./model-words";

describe("slicedForWords", () => {
  it("names a Bambu model id and a Prusa model the way people do, keeping what the file said", () => {
    expect(slicedForWords("BL-P001")).toMatch(/^Bambu Lab .*X1.* \(BL-P001\)$/);
    expect(slicedForWords("MK4")).toBe("Prusa MK4");
    expect(slicedForWords("Some Printer 9000")).toBe("Some Printer 9000");
    expect(slicedForWords(undefined)).toBeUndefined();
  });
});
