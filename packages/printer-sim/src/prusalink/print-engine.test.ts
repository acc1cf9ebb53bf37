import { describe, expect, it, vi, afterEach } from "vitest";
import { PrintEngine } from "./print-engine";
import type { StorageNode } from "./storage-tree";

const file: StorageNode = {
  lfn: "a.bgcode",
  sfn: "A.BGC",
  folder: false,
  mtime: 0,
  children: [],
  printSeconds: 100,
};

describe("PrintEngine", () => {
  afterEach(() => vi.useRealTimers());

  it("advances PRINTING → FINISHED with scaled time, progress and heating", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const engine = new PrintEngine(10);
    expect(engine.start(file, "/usb/A.BGC")).toBe(true);
    vi.setSystemTime(1_000_000 + 5_000); // 50 simulated seconds
    const job = engine.currentJob!;
    expect(engine.progressPercent(job)).toBeCloseTo(50, 5);
    expect(engine.remainingSeconds(job)).toBe(50);
    expect(engine.temperatures.nozzle).toBeGreaterThan(150);
    vi.setSystemTime(1_000_000 + 11_000);
    expect(engine.printerState).toBe("FINISHED");
    expect(engine.currentJob).toBeUndefined();
  });

  it("applies the real state rules to pause, resume and stop", () => {
    const engine = new PrintEngine(1);
    expect(engine.pause()).toBe(false);
    expect(engine.stop()).toBe(false);
    engine.start(file, "/usb/A.BGC");
    expect(engine.resume()).toBe(false);
    expect(engine.pause()).toBe(true);
    expect(engine.pause()).toBe(false);
    expect(engine.start(file, "/usb/A.BGC")).toBe(false);
    expect(engine.resume()).toBe(true);
    expect(engine.stop()).toBe(true);
    expect(engine.printerState).toBe("STOPPED");
    expect(engine.start(file, "/usb/A.BGC")).toBe(true);
    expect(engine.currentJob?.id).toBe(2);
  });

  it("queueNext starts the next print the instant the first finishes: FINISHED is never visible", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const engine = new PrintEngine(10);
    expect(engine.queueNext(file, "/usb/A.BGC")).toBe(false); // nothing running
    engine.start(file, "/usb/A.BGC");
    expect(engine.finishIn(20)).toBe(true);
    expect(engine.queueNext(file, "/usb/A.BGC")).toBe(true);
    vi.setSystemTime(1_000_000 + 2_500); // 25 simulated seconds: the first ended 5 s ago
    expect(engine.printerState).toBe("PRINTING");
    expect(engine.currentJob?.id).toBe(2);
    expect(engine.currentJob?.elapsedSeconds).toBe(0);
  });

  it("a stop drops the queued print", () => {
    const engine = new PrintEngine(1);
    engine.start(file, "/usb/A.BGC");
    engine.queueNext(file, "/usb/A.BGC");
    expect(engine.stop()).toBe(true);
    engine.dismiss();
    expect(engine.printerState).toBe("IDLE");
  });
});
