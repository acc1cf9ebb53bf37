import { describe, expect, it } from "vitest";
import { describeEvent } from "./describe-event";

describe("describeEvent", () => {
  it("says how long a printer that came back online had been away", () => {
    expect(describeEvent({ offlineSeconds: 42 })).toBe("back online after 42 s");
    expect(describeEvent({ offlineSeconds: 600 })).toBe("back online after 10 min");
    expect(describeEvent({ offlineSeconds: 3 * 3_600 })).toBe("back online after 3 h");
  });

  it("says an offline printer's reason in words, never the raw socket error", () => {
    const line = describeEvent({ message: "connect ECONNREFUSED 192.168.1.40:8883", kind: "connection" });
    expect(line).not.toContain("ECONNREFUSED");
    expect(line).not.toBe("");
  });

  it("shows a state change and falls back to short JSON for unknown shapes", () => {
    expect(describeEvent({ status: { state: "paused" }, previousState: "printing" })).toBe(
      "printing → paused",
    );
    expect(describeEvent({ other: 1 })).toBe('{"other":1}');
  });
});
