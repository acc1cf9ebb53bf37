// Which printers count as heating up for the queue's stagger (at most N at once), against a real
// migrated database: only starts on their way or prints that have not begun, never a job that
// ended while it was preparing (a print cancelled while heating blocked a slot for 15 minutes).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JobOutcome, JobState } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { countHeating } from "./queue-dispatch-state";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});
beforeEach(async () => {
  await database.db.printer.deleteMany();
});

let n = 0;
async function startWithJob(job?: { state: JobState; outcome?: JobOutcome }, minutesAgo = 0) {
  const { db } = database;
  const printer = await db.printer.create({
    data: { kind: "bambu", name: `P${++n}`, host: "127.0.0.1", credentials: "x" },
  });
  const at = new Date(Date.now() - minutesAgo * 60_000);
  const row = job
    ? await db.job.create({
        data: {
          printerId: printer.id,
          fileName: "part.gcode.3mf",
          state: job.state,
          outcome: job.outcome,
          startedAt: at,
          endedAt: job.outcome ? new Date() : null,
        },
      })
    : null;
  await db.printStart.create({
    data: {
      printerId: printer.id,
      remoteName: "part.gcode.3mf",
      status: "started",
      jobId: row?.id,
      createdAt: at,
      updatedAt: at,
    },
  });
}

describe("countHeating", () => {
  it("counts prints that have not begun, not prints running or ended while preparing", async () => {
    await startWithJob({ state: "PREPARING" });
    await startWithJob({ state: "QUEUED" });
    await startWithJob({ state: "PRINTING" });
    await startWithJob({ state: "PREPARING", outcome: "cancelled" });
    await startWithJob({ state: "PREPARING", outcome: "unknown" });
    expect(await countHeating(database.db)).toBe(2);
  });

  it("counts a start accepted moments ago whose job is not seen yet, but not one minutes old", async () => {
    await startWithJob(undefined, 0);
    await startWithJob(undefined, 5);
    expect(await countHeating(database.db)).toBe(1);
  });
});
