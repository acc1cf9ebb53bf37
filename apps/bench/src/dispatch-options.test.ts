import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "./bench-options";
import { uploadSeconds } from "./dispatch-bench";

describe("--scenario dispatch", () => {
  it("takes the issue's figures by default: 100 printers and entries, 20 MB at 150 KiB/s, no staggering", () => {
    expect(parseBenchArgs(["--", "--scenario", "dispatch"])).toEqual({
      scenario: "dispatch",
      printers: 100,
      entries: 100,
      fileMb: 20,
      rateKibps: 150,
      parallelUploads: 64,
      maxHeating: 100,
      timeScale: 10,
      verbose: false,
    });
  });

  it("takes its flags and refuses bad ones in words", () => {
    expect(
      parseBenchArgs([
        "--scenario=dispatch",
        "--printers",
        "10",
        "--file-mb",
        "2",
        "--parallel-uploads",
        "4",
      ]),
    ).toMatchObject({ printers: 10, entries: 10, maxHeating: 10, fileMb: 2, parallelUploads: 4 });
    expect(() => parseBenchArgs(["--scenario", "dispatch", "--parallel-uploads", "65"])).toThrow(
      /at most 64/,
    );
    expect(() => parseBenchArgs(["--scenario", "queue"])).toThrow(/unknown --scenario "queue"/);
    expect(() => parseBenchArgs(["--scenario", "dispatch", "--duration", "5"])).toThrow();
  });

  it("leaves the default run as it was", () => {
    expect(parseBenchArgs([])).toMatchObject({ printers: 100, duration: 60, subscribers: 10 });
  });

  it("estimates the uploads' time in groups of the parallel limit", () => {
    const o = { entries: 100, fileBytes: 20e6, uploadBytesPerSecond: 150 * 1024, parallelUploads: 64 };
    expect(uploadSeconds(o)).toBeCloseTo(2 * (20e6 / 153_600));
    expect(uploadSeconds({ ...o, parallelUploads: 4 })).toBeCloseTo(25 * (20e6 / 153_600));
  });
});
