import { describe, expect, it } from "vitest";
import type { WallPrinter } from "@printernizer/farm/live/wall-rows";
import { nextScrollTop } from "./use-auto-scroll";
import { noLocationGroup, wallGroups } from "./wall-groups";

const printer = (name: string, location: string | null) => ({ id: name, name, location }) as WallPrinter;

describe("wall groups", () => {
  it("groups by location in alphabetical order, printers without one last, list order kept inside", () => {
    const groups = wallGroups([
      printer("A", null),
      printer("B", "Room 3"),
      printer("C", "Room 2 / Rack A"),
      printer("D", "Room 3"),
    ]);
    expect(groups.map((g) => [g.name, g.printers.map((p) => p.name)])).toEqual([
      ["Room 2 / Rack A", ["C"]],
      ["Room 3", ["B", "D"]],
      [noLocationGroup, ["A"]],
    ]);
  });
});

describe("the wall's next scroll position", () => {
  const page = { view: 1000, scrollHeight: 3000 };
  it("brings the next group to the top when it starts within a screenful", () => {
    expect(nextScrollTop({ ...page, at: 0, groupTops: [0, 700, 1900] })).toBe(700);
    expect(nextScrollTop({ ...page, at: 700, groupTops: [0, 700, 1900] })).toBe(1600); // capped at the bottom
  });
  it("pages one screenful (less a line) through a group taller than the screen", () => {
    expect(nextScrollTop({ ...page, at: 0, groupTops: [0, 1500] })).toBe(900);
  });
  it("starts over from the bottom", () => {
    expect(nextScrollTop({ ...page, at: 2000, groupTops: [0, 700] })).toBe(0);
  });
});
