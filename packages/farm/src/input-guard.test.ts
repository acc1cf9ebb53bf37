import { describe, expect, it } from "vitest";
import { hostileInputReason, inputLimits, isDataRejection } from "./input-guard";

describe("hostileInputReason", () => {
  it("accepts ordinary input, including emoji (surrogate pairs) and dates", () => {
    expect(
      hostileInputReason({
        name: "Prusa 🖨️ Ünit",
        tags: ["a", "b"],
        at: new Date(),
        n: 3,
        nested: { ok: null },
      }),
    ).toBeNull();
    expect(hostileInputReason(undefined)).toBeNull();
  });

  it.each([
    [{ name: "a\0b" }, /NUL characters \(at name\)/],
    [{ list: ["ok", "x\uD800"] }, /lone surrogate.*list\[1\]/],
    [{ s: "x\uDC00y" }, /lone surrogate/],
    [{ values: { "key\0": "v" } }, /NUL.*field name/],
    [{ big: "x".repeat(inputLimits.stringLength + 1) }, /too long \(at big\)/],
    [{ many: new Array(inputLimits.arrayLength + 1).fill(1) }, /Too many items/],
    [{ n: Number.POSITIVE_INFINITY }, /finite/],
  ])("refuses %#", (input, message) => {
    expect(hostileInputReason(input)).toMatch(message);
  });

  it("refuses deep nesting without recursion (no stack overflow at 100,000 levels)", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(hostileInputReason(deep)).toMatch(/nested too deeply/);
  });
});

describe("isDataRejection", () => {
  it("recognizes PostgreSQL data exceptions and Prisma's data codes anywhere in the cause chain", () => {
    expect(isDataRejection({ code: "P2000" })).toBe(true);
    expect(isDataRejection(new Error("wrapped", { cause: { originalCode: "22P05" } }))).toBe(true);
    expect(isDataRejection({ meta: { driverAdapterError: { cause: { originalCode: "22003" } } } })).toBe(
      true,
    );
    expect(isDataRejection({ code: "54000" })).toBe(true);
  });
  it("leaves other failures (connection lost, unique violations, bugs) as server errors", () => {
    expect(isDataRejection({ code: "ECONNREFUSED" })).toBe(false);
    expect(isDataRejection({ code: "P2002" })).toBe(false);
    expect(isDataRejection(new TypeError("x is undefined"))).toBe(false);
    expect(isDataRejection({ code: "57P01" })).toBe(false);
  });
});
