import { describe, expect, it } from "vitest";
import { DEFAULT_OFFLINE_GRACE_MS, offlineGraceMs } from "./offline";

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
    expect(() => offlineGraceMs("86401")).toThrow(/from 0 to 86400/);
    expect(offlineGraceMs("86400")).toBe(86_400_000);
  });
});
