import { describe, expect, it } from "vitest";
import { formatBytes, stepLine, uploadLine, uploadPercent } from "./start-progress-words";

describe("the words of a print start's upload", () => {
  it("sizes files as printers and browsers do (1,000-based)", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(950)).toBe("950 B");
    expect(formatBytes(150_000)).toBe("150 KB");
    expect(formatBytes(1_234_567)).toBe("1.23 MB");
    expect(formatBytes(40_000_000)).toBe("40.0 MB");
    expect(formatBytes(123_400_000)).toBe("123 MB");
    expect(formatBytes(1_200_000_000)).toBe("1.20 GB");
    expect(formatBytes(-1)).toBe("–");
  });

  it("says bytes of the total, percent, rate and time left", () => {
    expect(
      uploadLine({
        step: "uploading",
        bytesSent: 12_400_000,
        totalBytes: 40_000_000,
        bytesPerSecond: 150_000,
        etaSeconds: 240,
      }),
    ).toBe("12.4 MB of 40.0 MB (31 %) · 150 KB/s · about 4 min left");
  });

  it("leaves out what the worker has not measured yet", () => {
    expect(uploadLine({ step: "uploading", bytesSent: 0, totalBytes: 1_000_000 })).toBe(
      "0 B of 1.00 MB (0 %)",
    );
    expect(uploadLine({ step: "uploading", bytesSent: 5_000 })).toBe("5 KB sent");
    expect(uploadLine({ step: "checking" })).toBeNull();
    expect(uploadPercent({ step: "uploading", bytesSent: 5 })).toBeNull();
    expect(uploadPercent({ step: "uploading", bytesSent: 3, totalBytes: 4 })).toBe(75);
  });

  it("prefers the worker's sentence over the step's name", () => {
    expect(stepLine({ step: "checking", message: "Waiting for another upload to finish" })).toBe(
      "Waiting for another upload to finish",
    );
    expect(stepLine({ step: "verifying" })).toBe("Waiting for the printer to confirm the file");
  });
});
