// Garbled PrusaLink answers (issue 12: negative numbers, unknown texts, a job that vanishes from
// one answer) are protocol errors of that poll, never a job_failed + job_started split.
import { describe, expect, it } from "vitest";
import type { Job } from "../core/model";
import { JobSchema, LegacyJobSchema, LegacyPrinterSchema, StatusSchema } from "./prusalink-schemas";
import { inconsistency, normalizeJobState, normalizePrinterState } from "./prusalink-normalize";
import { normalizeLegacyStatus } from "./prusalink-legacy";

const running: Job = { id: "7", name: "BENCHY~1.BGC", state: "PRINTING", progress: 40 };
const printing = (extra: object = {}) =>
  StatusSchema.parse({ printer: { state: "PRINTING" }, job: { id: 7, progress: 41 }, ...extra });

describe("garbled PrusaLink answers", () => {
  it("refuse job ids that are negative, fractional or huge, and unknown job states", () => {
    expect(StatusSchema.safeParse({ printer: { state: "PRINTING" }, job: { id: -1 } }).success).toBe(false);
    expect(StatusSchema.safeParse({ printer: { state: "PRINTING" }, job: { id: 7.5 } }).success).toBe(false);
    expect(JobSchema.safeParse({ id: 1e300, state: "PRINTING" }).success).toBe(false);
    expect(JobSchema.safeParse({ id: 7, state: "PRINTING\u0000garbage" }).success).toBe(false);
    expect(JobSchema.safeParse({ id: 7, state: "PRINTING" }).success).toBe(true);
  });

  it("a poll that loses the running job while the printer says PRINTING is inconsistent", () => {
    const lost = StatusSchema.parse({ printer: { state: "PRINTING" } });
    expect(inconsistency(lost, undefined, running)).toMatch(/PRINTING without a job/);
    const garbledState = StatusSchema.parse({ printer: { state: "x".repeat(4_000) } });
    expect(inconsistency(garbledState, undefined, running)).toMatch(/unknown printer state/);
  });

  it("state texts named like Object.prototype members are unknown states, never a function", () => {
    for (const raw of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(normalizePrinterState(raw, false)).toBe("unknown");
      expect(normalizeJobState(raw)).toBe("FAILED");
      expect(inconsistency(StatusSchema.parse({ printer: { state: raw } }), undefined, running)).toMatch(
        /unknown printer state/,
      );
      const legacyPrinter = LegacyPrinterSchema.parse({
        state: { text: "Printing", flags: { operational: true, printing: true } },
      });
      const legacyJob = LegacyJobSchema.parse({
        state: raw,
        job: { file: { name: "CUBE.gcode", path: "/usb/CUBE.GCO" } },
      });
      expect(normalizeLegacyStatus(legacyPrinter, legacyJob, new Date()).job?.state).toBe("PRINTING");
    }
  });

  it("status and job naming different jobs is inconsistent", () => {
    const job = JobSchema.parse({ id: 8, state: "PRINTING" });
    expect(inconsistency(printing(), job, running)).toMatch(/names job 7 .* job 8/);
  });

  it("real answers stay consistent: a running job, a finished one, an idle printer, a first job", () => {
    expect(inconsistency(printing(), JobSchema.parse({ id: 7, state: "PRINTING" }), running)).toBeUndefined();
    expect(
      inconsistency(StatusSchema.parse({ printer: { state: "FINISHED" } }), undefined, running),
    ).toBeUndefined();
    expect(
      inconsistency(StatusSchema.parse({ printer: { state: "IDLE" } }), undefined, running),
    ).toBeUndefined();
    expect(
      inconsistency(StatusSchema.parse({ printer: { state: "PRINTING" } }), undefined, undefined),
    ).toBeUndefined();
  });
});
