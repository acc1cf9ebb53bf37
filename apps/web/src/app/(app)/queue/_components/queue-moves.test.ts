import { describe, expect, it } from "vitest";
import { applyMove, dropMove, stepMove } from "./queue-moves";

const order = ["a", "b", "c", "d"];

describe("queue moves", () => {
  it("moves one place up or down, and not past either end", () => {
    expect(stepMove(order, "c", "up")).toEqual({ entryId: "c", anchorId: "b", placement: "before" });
    expect(stepMove(order, "c", "down")).toEqual({ entryId: "c", anchorId: "d", placement: "after" });
    expect(stepMove(order, "a", "up")).toBeNull();
    expect(stepMove(order, "d", "down")).toBeNull();
    expect(stepMove(order, "x", "up")).toBeNull();
  });

  it("drops before or after the entry under the pointer", () => {
    expect(dropMove(order, "a", "c", "lower")).toEqual({ entryId: "a", anchorId: "c", placement: "after" });
    expect(dropMove(order, "d", "b", "upper")).toEqual({ entryId: "d", anchorId: "b", placement: "before" });
  });

  it("ignores a drop that leaves the entry where it is", () => {
    expect(dropMove(order, "b", "b", "upper")).toBeNull();
    expect(dropMove(order, "b", "a", "lower")).toBeNull();
    expect(dropMove(order, "b", "c", "upper")).toBeNull();
    expect(dropMove(order, "b", "missing", "upper")).toBeNull();
  });

  it("shows the order a move makes", () => {
    expect(applyMove(order, stepMove(order, "c", "up")!)).toEqual(["a", "c", "b", "d"]);
    expect(applyMove(order, dropMove(order, "a", "d", "lower")!)).toEqual(["b", "c", "d", "a"]);
    expect(applyMove(order, dropMove(order, "d", "a", "upper")!)).toEqual(["d", "a", "b", "c"]);
  });
});
