import { describe, expect, it } from "vitest";
import { ZPrinterLocationSchema, ZPrinterTagsSchema, sameTag, tagsFromText } from "./printer-placement";

describe("printer location and tags", () => {
  it("trims the location; blank means no location", () => {
    expect(ZPrinterLocationSchema.parse("  Room 2 / Rack A ")).toBe("Room 2 / Rack A");
    expect(ZPrinterLocationSchema.parse("   ")).toBeNull();
    expect(ZPrinterLocationSchema.parse(null)).toBeNull();
    expect(ZPrinterLocationSchema.safeParse("x".repeat(81)).error?.issues[0]?.message).toMatch(
      /under 81 characters/,
    );
    expect(ZPrinterLocationSchema.parse("x".repeat(80))).toHaveLength(80);
  });

  it("keeps the first spelling of each tag, drops blanks, keeps the order", () => {
    expect(ZPrinterTagsSchema.parse([" PETG", "night shift", "petg", "", "PETG ", "Night Shift"])).toEqual([
      "PETG",
      "night shift",
    ]);
    expect(tagsFromText("PETG, 0.6 nozzle ,, petg")).toEqual(["PETG", "0.6 nozzle"]);
    expect(sameTag("PETG", "petg")).toBe(true);
  });

  it("refuses a tag over 32 characters and more than 20 distinct tags, counted after de-duplication", () => {
    expect(ZPrinterTagsSchema.safeParse(["y".repeat(33)]).error?.issues[0]?.message).toMatch(
      /under 33 characters/,
    );
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(ZPrinterTagsSchema.parse([...twenty, "T1", "t2"])).toHaveLength(20);
    expect(ZPrinterTagsSchema.safeParse([...twenty, "t20"]).error?.issues[0]?.message).toBe(
      "A printer has at most 20 tags; remove some.",
    );
  });
});
