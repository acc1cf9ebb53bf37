// Flush-soon while the database is away: a stream of transitions does not turn the 25 ms flush
// into a retry loop; the flusher's backoff still paces the attempts.
import { createLogger } from "@printernizer/logger";
import type { Db } from "@printernizer/db";
import type { PrinterStatus } from "@printernizer/printers";
import { describe, expect, it } from "vitest";
import { PersistencePipeline } from "./persistence-pipeline";

const refused = () =>
  Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
const status = (state: PrinterStatus["state"]): PrinterStatus => ({
  state,
  temperatures: {},
  filament: [],
  errors: [],
  lastCommunication: new Date(),
});

describe("flush soon with the database away", () => {
  it("transitions every millisecond for a second: a few write attempts, not one per transition", async () => {
    let attempts = 0;
    const db = {
      job: { findMany: () => Promise.resolve([]) },
      liveStatus: { findMany: () => Promise.resolve([]) },
      $queryRaw: () => {
        attempts++;
        return refused();
      },
      $transaction: () => {
        attempts++;
        return refused();
      },
    } as unknown as Db;
    const pipeline = new PersistencePipeline(db, "w1", createLogger({ name: "t", level: "silent" }), {
      flushIntervalMs: 3_600_000, // only flush-soon writes
      transitionFlushMs: 1,
    });
    pipeline.start();
    await pipeline.attach("p1");
    let published = 0;
    const started = Date.now();
    while (Date.now() - started < 1_000) {
      pipeline.publish({
        printerId: "p1",
        at: new Date(),
        event: { type: "printer_status_updated", status: status(published % 2 ? "paused" : "printing") },
      });
      published++;
      await new Promise((r) => setTimeout(r, 1));
    }
    await pipeline.stop(0);
    expect(published).toBeGreaterThan(100);
    expect(pipeline.stats().databaseUp).toBe(false);
    // The first attempt, then retries after 500 ms, 1 s … of backoff.
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(4);
  });
});
