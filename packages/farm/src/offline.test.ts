import { describe, expect, it } from "vitest";
import { DEFAULT_OFFLINE_GRACE_MS, isOfflineAlert, offlineGraceMs } from "./offline";

describe("offline grace", () => {
  it("defaults to 60 s and reads seconds from the env value", () => {
    expect(DEFAULT_OFFLINE_GRACE_MS).toBe(60_000);
    expect(offlineGraceMs()).toBe(60_000);
    expect(offlineGraceMs("")).toBe(60_000);
    expect(offlineGraceMs("5")).toBe(5_000);
    expect(offlineGraceMs("0.5")).toBe(500);
    expect(offlineGraceMs("0")).toBe(0);
  });

  it("refuses a value that is not a number of seconds", () => {
    expect(() => offlineGraceMs("soon")).toThrow(/offline grace must be a number of seconds/);
    expect(() => offlineGraceMs("-1")).toThrow(/offline grace/);
  });

  it("alerts only for an offline printer once the grace has passed", () => {
    const since = new Date("2026-11-30T14:02:00Z");
    const at = (ms: number) => new Date(since.getTime() + ms);
    const offline = { state: "offline", stateChangedAt: since };
    expect(isOfflineAlert(offline, at(59_999), 60_000)).toBe(false);
    expect(isOfflineAlert(offline, at(60_000), 60_000)).toBe(true);
    expect(isOfflineAlert({ state: "idle", stateChangedAt: since }, at(600_000), 60_000)).toBe(false);
    expect(isOfflineAlert({ state: "error", stateChangedAt: since }, at(600_000), 60_000)).toBe(false);
  });
});
