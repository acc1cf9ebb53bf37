import { describe, expect, it } from "vitest";
import { coversPrinter, quietHoldUntil, routeEvents, type RuleRow } from "./rule-routing";

const rule = (over: Partial<RuleRow>): RuleRow => ({
  events: ["printer_offline"],
  scope: "all",
  scopeValue: null,
  quietFrom: null,
  quietTo: null,
  quietTimeZone: null,
  quietBypass: [],
  channelIds: ["c1"],
  ...over,
});

describe("which printers a rule covers", () => {
  const rackA = { location: "Room 2 / Rack A", tags: ["petg", "big"] };
  it("a location covers itself and what lies under it, not a name that only starts the same", () => {
    expect(coversPrinter({ scope: "location", scopeValue: "Room 2" }, rackA)).toBe(true);
    expect(coversPrinter({ scope: "location", scopeValue: "Room 2 / Rack A" }, rackA)).toBe(true);
    expect(coversPrinter({ scope: "location", scopeValue: "Room 2 / Rack" }, rackA)).toBe(false);
    expect(
      coversPrinter({ scope: "location", scopeValue: "Room 2" }, { location: "Room 20", tags: [] }),
    ).toBe(false);
    expect(coversPrinter({ scope: "location", scopeValue: "Room 2" }, { location: null, tags: [] })).toBe(
      false,
    );
  });
  it("a tag covers printers carrying it; all covers even a printer that is gone", () => {
    expect(coversPrinter({ scope: "tag", scopeValue: "petg" }, rackA)).toBe(true);
    expect(coversPrinter({ scope: "tag", scopeValue: "pla" }, rackA)).toBe(false);
    expect(coversPrinter({ scope: "tag", scopeValue: "petg" }, undefined)).toBe(false);
    expect(coversPrinter({ scope: "all", scopeValue: null }, undefined)).toBe(true);
  });
});

describe("quiet hours", () => {
  it("hold until the end in the rule's time zone, across midnight too", () => {
    // 23:30 in Berlin (UTC+1 in winter) is 22:30 UTC; quiet 22:00–07:00 ends at 06:00 UTC next day
    const at = new Date("2026-12-01T22:30:00.000Z");
    expect(quietHoldUntil(at, "22:00", "07:00", "Europe/Berlin")?.toISOString()).toBe(
      "2026-12-02T06:00:00.000Z",
    );
    expect(quietHoldUntil(at, "01:00", "06:00", "Europe/Berlin")).toBeNull();
    expect(quietHoldUntil(new Date("2026-12-01T12:15:42.500Z"), "12:00", "13:00", "UTC")?.toISOString()).toBe(
      "2026-12-01T13:00:00.000Z",
    );
    expect(quietHoldUntil(new Date("2026-12-01T13:00:00.000Z"), "12:00", "13:00", "UTC")).toBeNull();
    expect(quietHoldUntil(at, "22:00", "07:00", "Not/AZone")).toBeNull();
  });

  it("quiet hours across a DST change end when the clock reads their end", () => {
    // Berlin falls back on 2026-10-25 (03:00 CEST → 02:00 CET): 07:00 CET is 06:00 UTC
    expect(
      quietHoldUntil(new Date("2026-10-24T21:00:00.000Z"), "22:00", "07:00", "Europe/Berlin")?.toISOString(),
    ).toBe("2026-10-25T06:00:00.000Z");
    // and springs forward on 2027-03-28 (02:00 CET → 03:00 CEST): 07:00 CEST is 05:00 UTC
    expect(
      quietHoldUntil(new Date("2027-03-27T22:00:00.000Z"), "22:00", "07:00", "Europe/Berlin")?.toISOString(),
    ).toBe("2027-03-28T05:00:00.000Z");
    // an end in the skipped hour (02:30 does not exist that night): 03:30 CEST, never inside the quiet hours
    expect(
      quietHoldUntil(new Date("2027-03-27T22:00:00.000Z"), "22:00", "02:30", "Europe/Berlin")?.toISOString(),
    ).toBe("2027-03-28T01:30:00.000Z");
  });

  it("one delivery per channel however many rules match; a rule that sends now wins over one that holds", () => {
    const at = new Date("2026-12-01T12:30:00.000Z");
    const quiet = { quietFrom: "12:00", quietTo: "14:00", quietTimeZone: "UTC" };
    const routes = routeEvents(
      [
        { type: "printer_offline", printerId: "p1", at },
        { type: "printer_error", printerId: "p1", at },
      ],
      [
        rule({ ...quiet, channelIds: ["c1", "c2"] }),
        rule({ channelIds: ["c2"] }),
        rule({ ...quiet, events: ["printer_error"], quietBypass: ["printer_error"], channelIds: ["c1"] }),
      ],
      new Map(),
    );
    expect(routes).toEqual([
      { event: 0, channelId: "c1", heldUntil: new Date("2026-12-01T14:00:00.000Z") },
      { event: 0, channelId: "c2", heldUntil: null },
      { event: 1, channelId: "c1", heldUntil: null },
    ]);
  });
});
