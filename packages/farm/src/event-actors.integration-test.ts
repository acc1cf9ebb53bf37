import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { listEvents } from "./events";

describe("the event log names who did it", () => {
  let database: TestDatabase;
  let printerId: string;
  const t0 = new Date("2026-12-01T10:00:00Z").getTime();
  const at = (seconds: number) => new Date(t0 + seconds * 1_000);

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    printerId = (
      await db.printer.create({
        data: { kind: "bambu", name: "Demo X1C 1", host: "10.0.0.9", credentials: "x" },
      })
    ).id;
    for (const [id, name] of [
      ["u-ada", "ada"],
      ["u-bob", ""],
    ] as const)
      await db.user.create({ data: { id, name, email: `${id}@example.test`, role: "operator" } });
    const command = (kind: "pause" | "resume" | "cancel", by: string, second: number, status = "done") =>
      db.printerCommand.create({
        data: {
          printerId,
          kind,
          requestedById: by,
          status: status as "done",
          createdAt: at(second),
          expiresAt: at(second + 60),
        },
      });
    await command("pause", "u-ada", -3);
    await command("resume", "u-bob", 100, "failed");
    await command("cancel", "u-bob", 500);
    await command("pause", "u-ada", 1_000 - 121);
    const job = (externalId: string, startedAt: Date, durationSeconds: number | null) =>
      db.job.create({
        data: {
          printerId,
          externalId,
          fileName: `${externalId}.gcode`,
          state: "COMPLETED",
          startedAt,
          durationSeconds,
        },
      });
    const ada = await job("benchy", at(-600), 4_320);
    const queued = await job("vase", at(2_000), null);
    await db.printStart.createMany({
      data: [
        { printerId, remoteName: "benchy.gcode", jobId: ada.id, requestedById: "u-ada", status: "started" },
        {
          printerId,
          remoteName: "vase.gcode",
          jobId: queued.id,
          reason: "next in the queue",
          status: "started",
        },
      ],
    });
    const job1 = { id: "benchy", name: "benchy.gcode", state: "PAUSED" };
    await db.printerEvent.createMany({
      data: [
        { printerId, type: "job_started", payload: { job: job1 }, createdAt: at(-600) },
        { printerId, type: "job_paused", payload: { job: job1 }, createdAt: at(0) },
        // paused again from the printer's screen: ada's command already explained the first pause
        { printerId, type: "job_paused", payload: { job: job1 }, createdAt: at(30) },
        // a failed resume command did not resume it; the printer's screen did
        { printerId, type: "job_resumed", payload: { job: job1 }, createdAt: at(101) },
        { printerId, type: "job_cancel_requested", payload: { jobId: "benchy" }, createdAt: at(501) },
        { printerId, type: "job_cancelled", payload: { job: job1 }, createdAt: at(503) },
        // the only pause command is older than the window
        { printerId, type: "job_paused", payload: { job: job1 }, createdAt: at(1_000) },
        {
          printerId,
          type: "job_started",
          payload: { job: { id: "vase", name: "vase.gcode" } },
          createdAt: at(2_001),
        },
        {
          printerId,
          type: "job_completed",
          payload: { job: { id: "benchy", name: "benchy.gcode" } },
          createdAt: at(-600 + 4_320),
        },
      ],
    });
  }, 120_000);
  afterAll(async () => database?.drop());

  it("attributes pause, cancel and starts to the person or the queue behind them, nothing else", async () => {
    const { items } = await listEvents(database.db, { printerId }, { limit: 50 });
    const seen = items
      .map((e) => [e.type, e.createdAt.getTime() - t0, e.actor])
      .sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(seen).toEqual([
      ["job_started", -600_000, { kind: "user", name: "ada" }],
      ["job_paused", 0, { kind: "user", name: "ada" }],
      ["job_paused", 30_000, null],
      ["job_resumed", 101_000, null],
      ["job_cancel_requested", 501_000, { kind: "user", name: "u-bob@example.test" }],
      ["job_cancelled", 503_000, { kind: "user", name: "u-bob@example.test" }],
      ["job_paused", 1_000_000, null],
      ["job_started", 2_001_000, { kind: "queue" }],
      ["job_completed", 3_720_000, null],
    ]);
  });

  it("gives a finished job's duration from its Job row", async () => {
    const { items } = await listEvents(database.db, { printerId, types: ["job_completed"] }, { limit: 5 });
    expect(items).toHaveLength(1);
    expect(items[0]!.jobDurationSeconds).toBe(4_320);
  });
});
