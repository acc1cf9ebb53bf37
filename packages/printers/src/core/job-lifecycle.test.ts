import { describe, expect, it } from "vitest";
import type { Job } from "./model";
import { deriveJobLifecycleEvents } from "./job-lifecycle";

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

  it("ends a vanished job as completed at 100 % and as failed otherwise", () => {
    const completed = deriveJobLifecycleEvents(job("PRINTING", { progress: 100 }), undefined);
    expect(completed).toEqual([{ type: "job_completed", job: job("COMPLETED", { progress: 100 }) }]);
    expect(types(job("PRINTING", { progress: 40 }), undefined)).toEqual(["job_failed"]);
  });

  it("ends the previous job when a different one appears", () => {
    expect(types(job("PRINTING", { progress: 10 }), { ...job("PRINTING"), id: "2" })).toEqual([
      "job_failed",
      "job_started",
    ]);
  });
});
