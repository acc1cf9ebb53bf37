import { describe, expect, it } from "vitest";
import type { CommandProgressDetail } from "@printernizer/farm/command-contract";
import { createLogger } from "@printernizer/logger";
import { ProgressWriter } from "./progress-writer";

const logger = createLogger({ name: "progress-test", level: "silent" });
/** Lets queued writes run (in the worker, awaits separate the calls). */
const settle = () => new Promise((r) => setImmediate(r));

describe("ProgressWriter", () => {
  it("writes only the newest of details queued behind a running write", async () => {
    const written: CommandProgressDetail[] = [];
    const writer = new ProgressWriter({ logger, write: async (d) => void written.push(d) });
    writer.step({ step: "checking" });
    writer.step({ step: "uploading" });
    writer.step({ step: "starting" });
    await writer.close();
    expect(written).toEqual([{ step: "starting" }]);
  });

  it("writes steps at once, byte counts at most every interval, with a smoothed rate and ETA", async () => {
    let now = 0;
    const written: CommandProgressDetail[] = [];
    const writer = new ProgressWriter({
      logger,
      now: () => now,
      minIntervalMs: 500,
      write: async (d) => void written.push(d),
    });
    writer.step({ step: "uploading", bytesSent: 0, totalBytes: 10_000 });
    await settle();
    for (let ms = 100; ms <= 1_000; ms += 100) {
      now = ms;
      writer.bytes(ms, 10_000); // 1,000 bytes per second
      await settle();
    }
    await writer.close();
    expect(written[0]).toEqual({ step: "uploading", bytesSent: 0, totalBytes: 10_000 });
    const counts = written.slice(1);
    // the step was written at 0 ms; 10 counts in 1 s after it: written at 500 ms and 1,000 ms only
    expect(counts.map((d) => d.bytesSent)).toEqual([500, 1_000]);
    const last = counts.at(-1)!;
    expect(last.bytesPerSecond).toBe(1_000);
    expect(last.etaSeconds).toBe(9);
    expect(last.step).toBe("uploading");
  });

  it("says it waits for the printer once every byte is sent, and a failed write never throws", async () => {
    const written: CommandProgressDetail[] = [];
    let fail = true;
    const writer = new ProgressWriter({
      logger,
      write: async (d) => {
        if (fail) {
          fail = false;
          throw new Error("database away");
        }
        written.push(d);
      },
    });
    writer.step({ step: "checking" });
    await settle();
    writer.step({ step: "uploading" });
    writer.bytes(5, 5); // held back (within the interval of the step) until close
    await settle();
    await writer.close();
    expect(written).toEqual([
      { step: "uploading" },
      expect.objectContaining({ step: "verifying", bytesSent: 5, totalBytes: 5 }),
    ]);
  });
});
