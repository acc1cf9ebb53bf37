import { describe, expect, it } from "vitest";
import { WriteQueue } from "./write-queue";

describe("WriteQueue", () => {
  it("keeps order and removes only what was committed", () => {
    const q = new WriteQueue<number>(10);
    for (const n of [1, 2, 3]) q.push("critical", n);
    expect(q.take(2)).toEqual([1, 2]);
    q.release();
    expect(q.take(2)).toEqual([1, 2]);
    q.commit();
    expect(q.take(5)).toEqual([3]);
  });

  it("drops the oldest telemetry first at the bound and counts it", () => {
    const q = new WriteQueue<string>(3);
    q.push("critical", "a");
    q.push("telemetry", "t1");
    q.push("critical", "b");
    q.push("critical", "c");
    expect(q.take(10)).toEqual(["a", "b", "c"]);
    expect(q.dropped).toEqual({ telemetry: 1, critical: 0 });
  });

  it("never evicts critical ops for incoming telemetry", () => {
    const q = new WriteQueue<string>(2);
    q.push("critical", "a");
    q.push("critical", "b");
    q.push("telemetry", "t");
    expect(q.take(10)).toEqual(["a", "b"]);
    expect(q.dropped.telemetry).toBe(1);
  });

  it("never evicts ops that a flush is writing", () => {
    const q = new WriteQueue<string>(2);
    q.push("telemetry", "t");
    q.push("critical", "a");
    expect(q.take(2)).toEqual(["t", "a"]);
    q.push("critical", "b");
    q.commit();
    expect(q.take(10)).toEqual(["b"]);
    expect(q.dropped.critical).toBe(0);
  });

  it("drops critical ops only past the bound, oldest first, and counts them", () => {
    const q = new WriteQueue<string>(2);
    q.push("critical", "a");
    q.push("critical", "b");
    q.push("critical", "c");
    expect(q.take(10)).toEqual(["b", "c"]);
    expect(q.dropped.critical).toBe(1);
  });

  it("at a large bound drops the oldest telemetry a tenth of the bound at a time", () => {
    const q = new WriteQueue<string>(20);
    for (let i = 0; i < 10; i++) q.push("telemetry", `t${i}`);
    for (let i = 0; i < 10; i++) q.push("critical", `c${i}`);
    q.push("critical", "new");
    expect(q.dropped).toEqual({ telemetry: 2, critical: 0 });
    expect(q.take(3)).toEqual(["t2", "t3", "t4"]);
    expect(q.size).toBe(19);
  });

  it("commits only the written prefix of a batch and keeps the rest at the head, oldest first", () => {
    const q = new WriteQueue<string>(10);
    expect(q.oldestAt()).toBeUndefined();
    const before = Date.now();
    for (const s of ["a", "b", "c", "d"]) q.push("critical", s);
    expect(q.oldestAt()).toBeGreaterThanOrEqual(before);
    expect(q.take(3)).toEqual(["a", "b", "c"]);
    q.commit(2);
    expect(q.peek()).toBe("c");
    expect(q.take(10)).toEqual(["c", "d"]);
    q.commit();
    expect(q.size).toBe(0);
    expect(q.oldestAt()).toBeUndefined();
  });
});
