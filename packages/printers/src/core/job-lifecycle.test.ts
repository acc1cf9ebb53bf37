import { describe, expect, it } from "vitest";
import type { Job } from "./model";
import { deriveJobLifecycleEvents, isSameJob } from "./job-lifecycle";

const job = (state: Job["state"], extra: Partial<Job> = {}): Job => ({ id: "1", name: "a", state, ...extra });
const types = (prev: Job | undefined, next: Job | undefined) =>
  deriveJobLifecycleEvents(prev, next).map((e) => e.type);

describe("deriveJobLifecycleEvents", () => {
  it("derives each transition", () => {
    expect(types(undefined, job("PRINTING"))).toEqual(["job_started"]);
    expect(types(job("PRINTING"), job("PRINTING"))).toEqual([]);
    expect(types(job("PRINTING"), job("PAUSED"))).toEqual(["job_paused"]);
    expect(types(job("PAUSED"), job("PRINTING"))).toEqual(["job_resumed"]);
    expect(types(job("PRINTING"), job("COMPLETED"))).toEqual(["job_completed"]);
    expect(types(job("PAUSED"), job("CANCELLED"))).toEqual(["job_cancelled"]);
    expect(types(job("PRINTING"), job("FAILED"))).toEqual(["job_failed"]);
    expect(types(job("COMPLETED"), undefined)).toEqual([]);
    expect(types(job("COMPLETED"), job("COMPLETED"))).toEqual([]);
    expect(types(undefined, job("PAUSED"))).toEqual(["job_started", "job_paused"]);
  });

  // Changed by issue 14: a vanished job below 100 % used to become "failed"; the printer never said so.
  it("ends a vanished job as completed at 100 % and as vanished (outcome unknown) otherwise", () => {
    const completed = deriveJobLifecycleEvents(job("PRINTING", { progress: 100 }), undefined);
    expect(completed).toEqual([{ type: "job_completed", job: job("COMPLETED", { progress: 100 }) }]);
    expect(types(job("PRINTING", { progress: 40 }), undefined)).toEqual(["job_vanished"]);
    expect(types(job("PAUSED", { progress: 99, remainingSeconds: 0 }), undefined)).toEqual(["job_vanished"]);
    expect(types(job("PREPARING", { progress: 0, remainingSeconds: 0 }), undefined)).toEqual([
      "job_vanished",
    ]);
  });

  it("ends the previous job when a different one appears", () => {
    expect(types(job("PRINTING", { progress: 10 }), { ...job("PRINTING"), id: "2" })).toEqual([
      "job_vanished",
      "job_started",
    ]);
  });

  it("completes a job whose last sight said it was done: remaining 0, or due before this observation", () => {
    const next = { ...job("PRINTING", { progress: 1 }), id: "2" };
    expect(types(job("PRINTING", { progress: 98, remainingSeconds: 0 }), next)).toEqual([
      "job_completed",
      "job_started",
    ]);
    const lastSight = job("PRINTING", { progress: 99.4, remainingSeconds: 4 });
    expect(deriveJobLifecycleEvents(lastSight, next, { seconds: 5 }).map((e) => e.type)).toEqual([
      "job_completed",
      "job_started",
    ]);
    // Four seconds were left and one passed: it was stopped, not finished; nobody knows how.
    expect(deriveJobLifecycleEvents(lastSight, next, { seconds: 1 }).map((e) => e.type)).toEqual([
      "job_vanished",
      "job_started",
    ]);
  });

  it("tells a reprint of the same file (same id, progress or print time back at the start) from the job going on", () => {
    const before = job("PRINTING", { progress: 97, elapsedSeconds: 3_000, remainingSeconds: 30 });
    const again = job("PRINTING", { progress: 1, elapsedSeconds: 20 });
    expect(types(before, again)).toEqual(["job_vanished", "job_started"]);
    expect(deriveJobLifecycleEvents(before, again, { seconds: 40 }).map((e) => e.type)).toEqual([
      "job_completed",
      "job_started",
    ]);
    expect(types(job("PRINTING", { elapsedSeconds: 600 }), job("PRINTING", { elapsedSeconds: 5 }))).toEqual([
      "job_vanished",
      "job_started",
    ]);
    // Small wobbles of progress or time are the same print.
    expect(types(before, job("PRINTING", { progress: 95, elapsedSeconds: 2_990 }))).toEqual([]);
    // Finished, then the same file again: a new job.
    expect(types(job("COMPLETED", { progress: 100 }), job("PRINTING", { progress: 0 }))).toEqual([
      "job_started",
    ]);
  });

  it("isSameJob compares id and course", () => {
    expect(isSameJob(job("PRINTING", { progress: 50 }), job("PRINTING", { progress: 51 }))).toBe(true);
    expect(isSameJob(job("PRINTING"), { ...job("PRINTING"), id: "2" })).toBe(false);
    expect(isSameJob(job("PRINTING", { progress: 50 }), job("PRINTING", { progress: 2 }))).toBe(false);
    expect(isSameJob(job("PRINTING", { progress: 50 }), job("COMPLETED", { progress: 0 }))).toBe(true);
  });
});
