import { describe, expect, it } from "vitest";
import { connectionKey, saveStep, testFailure, type ConnectionTestOutcome } from "./save-check";

const base = {
  id: "c1",
  kind: "test_connection" as const,
  printerId: null,
  errorKind: null,
  reconnect: null,
};
const done = (result: ConnectionTestOutcome["result"]): ConnectionTestOutcome =>
  ({ ...base, status: "done", error: null, result }) as ConnectionTestOutcome;
const passed = done({ ok: true, identity: { model: "MK4" } });
const refused = done({
  ok: false,
  reason: "unreachable",
  message:
    "Could not connect to the printer. (GET /api/version: connect ECONNREFUSED 127.0.1.238:9 (ECONNREFUSED))",
});
const expired = { ...base, status: "expired", error: null, result: null } as unknown as ConnectionTestOutcome;

describe("saving a printer: test first, and ask before saving one that failed", () => {
  const form = { kind: "prusalink", host: "10.0.0.5", port: "", model: "", values: { password: "p" } };
  const key = connectionKey(form);

  it("saves at once when the connection values are as stored, or the last test of them passed", () => {
    expect(saveStep(key, key, null)).toEqual({ step: "save" });
    expect(saveStep(key, null, { key, outcome: passed })).toEqual({ step: "save" });
  });

  it("tests first when not tested, or tested with other values", () => {
    expect(saveStep(key, null, null)).toEqual({ step: "test" });
    const other = connectionKey({ ...form, host: "10.0.0.6" });
    expect(saveStep(key, null, { key: other, outcome: passed })).toEqual({ step: "test" });
    expect(connectionKey({ ...form, host: " 10.0.0.5 " })).toBe(key);
    expect(connectionKey({ ...form, values: { password: "q" } })).not.toBe(key);
  });

  it("asks with what the failed test found, in words", () => {
    expect(saveStep(key, null, { key, outcome: refused })).toEqual({
      step: "ask",
      reason:
        "Printernizer could not reach the printer: Could not connect to the printer (connection refused).",
    });
  });

  it("asks too when the test never finished", () => {
    expect(testFailure(expired)).toBe("The connection test did not finish. Is the worker running?");
    expect(testFailure(passed)).toBeNull();
  });
});
