import { describe, expect, it } from "vitest";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { farmLocations, farmTags, groupPrinters } from "./farm-groups";
import { emptySelection, keepShown, toggleGroup, toggleSelection } from "./selection";
import { farmViewSearch, filterPrinters, parseFarmView } from "./view-params";

const printer = (name: string, location: string | null, tags: string[] = []) =>
  ({ id: `id-${name}`, name, location, tags }) as FarmPrinter;
const names = (list: { name: string }[]) => list.map((p) => p.name);

describe("dashboard groups and placement filters", () => {
  const farm = [
    printer("A", "Room 10", ["PETG"]),
    printer("B", null, ["petg", "night"]),
    printer("C", "Room 2"),
    printer("D", "Room 10"),
  ];

  it("groups by location in natural order, no location last, keeping the given order inside", () => {
    const groups = groupPrinters(farm, "location");
    expect(groups.map((g) => [g.label, names(g.printers)])).toEqual([
      ["Room 2", ["C"]],
      ["Room 10", ["A", "D"]],
      ["No location", ["B"]],
    ]);
    expect(groupPrinters(farm, "none").map((g) => names(g.printers))).toEqual([["A", "B", "C", "D"]]);
  });

  it("lists locations and tags (one spelling per tag) for the filters", () => {
    expect(farmLocations(farm)).toEqual(["Room 2", "Room 10"]);
    expect(farmTags(farm)).toEqual(["night", "PETG"]);
  });

  it("filters by location and by tag ignoring case; both are in the URL", () => {
    const base = { state: null, kind: null, q: "" };
    expect(names(filterPrinters(farm, { ...base, loc: "Room 10" }))).toEqual(["A", "D"]);
    expect(names(filterPrinters(farm, { ...base, tag: "PETG" }))).toEqual(["A", "B"]);
    const view = parseFarmView(new URLSearchParams("group=location&loc=Room%202&tag=night&group2=x"));
    expect(view).toMatchObject({ group: "location", loc: "Room 2", tag: "night" });
    expect(farmViewSearch(view)).toBe("?group=location&loc=Room+2&tag=night");
    expect(parseFarmView(new URLSearchParams("group=shelf&loc=&tag=%20"))).toMatchObject({
      group: "none",
      loc: null,
      tag: null,
    });
  });
});

describe("selection", () => {
  const order = ["a", "b", "c", "d", "e"];

  it("toggles one, and shift-click sets the range from the last click to the clicked state", () => {
    let s = toggleSelection(emptySelection, "b", { shift: false, order });
    s = toggleSelection(s, "d", { shift: true, order });
    expect([...s.ids].sort()).toEqual(["b", "c", "d"]);
    // a shift-click on a selected printer unselects the range from the anchor
    s = toggleSelection(s, "c", { shift: true, order });
    expect([...s.ids].sort()).toEqual(["d"]);
    // shift without an anchor on screen is a plain click
    s = toggleSelection({ ids: new Set(), anchor: "gone" }, "e", { shift: true, order });
    expect([...s.ids]).toEqual(["e"]);
  });

  it("selects a whole group, or unselects it when all of it is selected", () => {
    let s = toggleGroup({ ids: new Set(["a"]), anchor: null }, ["a", "b"]);
    expect([...s.ids].sort()).toEqual(["a", "b"]);
    s = toggleGroup(s, ["a", "b"]);
    expect([...s.ids]).toEqual([]);
  });

  it("keeps only printers still shown", () => {
    const s = { ids: new Set(["a", "x"]), anchor: "a" };
    expect([...keepShown(s, new Set(order)).ids]).toEqual(["a"]);
    const all = { ids: new Set(["a"]), anchor: null };
    expect(keepShown(all, new Set(order))).toBe(all);
  });
});
