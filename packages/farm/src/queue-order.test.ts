import { describe, expect, it } from "vitest";
import {
  compareQueueOrder,
  minPositionGap,
  positionBetween,
  positionStep,
  renumberedPositions,
} from "./queue-order";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe("queue order", () => {
  it("puts higher priority first, then lower position, then the older entry", () => {
    const entries = [
      { id: "a", priority: 0, position: 1, createdAt: at(1) },
      { id: "b", priority: 5, position: 9, createdAt: at(2) },
      { id: "c", priority: 0, position: 1, createdAt: at(0) },
      { id: "d", priority: 0, position: 0.5, createdAt: at(9) },
      { id: "e", priority: 5, position: 3, createdAt: at(3) },
    ];
    expect(entries.sort(compareQueueOrder).map((e) => e.id)).toEqual(["e", "b", "d", "c", "a"]);
  });

  it("finds a position between neighbours, at either end, and in an empty list", () => {
    expect(positionBetween(1, 2)).toBe(1.5);
    expect(positionBetween(undefined, 10)).toBe(10 - positionStep);
    expect(positionBetween(10, undefined)).toBe(10 + positionStep);
    expect(positionBetween(undefined, undefined)).toBe(positionStep);
  });

  it("asks for a renumbering when neighbours are too close to split", () => {
    expect(positionBetween(1, 1 + minPositionGap)).toBeUndefined();
    expect(positionBetween(3, 3)).toBeUndefined();
    // halving from a gap of 1024 works about 30 times before that
    let after = positionStep;
    let splits = 0;
    for (let p = positionBetween(0, after); p !== undefined; p = positionBetween(0, after)) {
      after = p;
      splits++;
    }
    expect(splits).toBeGreaterThan(25);
    expect(renumberedPositions(3)).toEqual([positionStep, 2 * positionStep, 3 * positionStep]);
  });
});
