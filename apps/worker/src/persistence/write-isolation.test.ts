import { describe, expect, it } from "vitest";
import type { ClassifiedWriteError } from "./write-errors";
import { isolatePoison } from "./write-isolation";

const rejected: ClassifiedWriteError = {
  class: "rejected",
  sqlState: "22P05",
  message: "unsupported Unicode escape sequence",
};
const dataError = () =>
  Object.assign(new Error("refused"), {
    code: "P2010",
    meta: {
      driverAdapterError: {
        cause: { originalCode: "22P05", originalMessage: "unsupported Unicode escape sequence" },
      },
    },
  });
const connectionError = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

/** A fake database: refuses any batch holding a poison item, keeps the written ones in order. */
function database(poison: Set<number>, failAfterWrites = Number.POSITIVE_INFINITY) {
  const written: number[] = [];
  let writes = 0;
  return {
    written,
    write: async (items: number[]) => {
      if (writes >= failAfterWrites) throw connectionError();
      if (items.some((i) => poison.has(i))) throw dataError();
      writes++;
      written.push(...items);
    },
  };
}

describe("isolatePoison", () => {
  it("writes everything but the poison, in the original order, and rejects each poison item once", async () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const db = database(new Set([3, 4, 57, 99]));
    const rejectedItems: number[] = [];
    const result = await isolatePoison(items, rejected, {
      write: db.write,
      giveUp: () => true,
      reject: (item) => rejectedItems.push(item),
    });
    expect(result.completed).toBe(100);
    expect(result.stopped).toBeUndefined();
    expect(rejectedItems).toEqual([3, 4, 57, 99]);
    expect(db.written).toEqual(items.filter((i) => ![3, 4, 57, 99].includes(i)));
    expect(result.attempts).toBeLessThan(40); // a bisection, not one transaction per item
  });

  it("stops at a transient error with the done prefix reported, so the rest is retried later", async () => {
    const items = Array.from({ length: 16 }, (_, i) => i);
    const db = database(new Set([12]), 2);
    const result = await isolatePoison(items, rejected, {
      write: db.write,
      giveUp: () => true,
      reject: () => {},
    });
    expect(result.stopped?.class).toBe("transient");
    expect(db.written).toEqual(items.slice(0, result.completed));
    expect(result.completed).toBe(12); // [0,8) and [8,12) written before the database went away
  });

  it("leaves a lone item it may not give up on yet at the head, without rejecting it", async () => {
    const db = database(new Set([2]));
    const rejectedItems: number[] = [];
    const timeout: ClassifiedWriteError = { class: "timeout", message: "expired transaction" };
    const result = await isolatePoison([0, 1, 2, 3], timeout, {
      write: db.write,
      giveUp: () => false,
      reject: (item) => rejectedItems.push(item),
    });
    expect(result).toMatchObject({ completed: 2, stopped: { class: "rejected" } });
    expect(db.written).toEqual([0, 1]);
    expect(rejectedItems).toEqual([]);
  });
});
