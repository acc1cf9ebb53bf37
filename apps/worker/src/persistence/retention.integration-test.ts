import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { insertPrinter } from "../../test/helpers";
import { loadRetention, maxRejectedWrites, pruneOldRows } from "./retention";

describe("retention", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("prunes events, samples and finished commands older than the configured days, and nothing newer", async () => {
    const db = database.db;
    const printer = await insertPrinter(db, {
      kind: "prusalink",
      name: "Old",
      host: "127.0.0.1",
      credentials: { password: "x" },
    });
    const now = new Date("2026-11-24T12:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await db.setting.create({
      data: {
        key: "retention",
        value: { eventsDays: 10, samplesDays: 2, commandsDays: 5, rejectedWritesDays: 3 },
      },
    });
    const rejected = (createdAt: Date, opType: string) => ({
      printerId: printer.id,
      workerId: "w",
      opType,
      reason: "rejected",
      message: "m",
      excerpt: "{}",
      createdAt,
    });
    await db.rejectedWrite.createMany({ data: [rejected(daysAgo(4), "old"), rejected(daysAgo(2), "new")] });
    await db.printerEvent.createMany({
      data: [
        { printerId: printer.id, type: "old", payload: {}, createdAt: daysAgo(11) },
        { printerId: printer.id, type: "new", payload: {}, createdAt: daysAgo(9) },
      ],
    });
    await db.temperatureSample.createMany({
      data: [
        { printerId: printer.id, at: daysAgo(3), nozzle: 1 },
        { printerId: printer.id, at: daysAgo(1), nozzle: 2 },
      ],
    });
    await db.printerCommand.createMany({
      data: [
        {
          kind: "pause",
          printerId: printer.id,
          status: "done",
          finishedAt: daysAgo(6),
          expiresAt: daysAgo(6),
        },
        {
          kind: "pause",
          printerId: printer.id,
          status: "done",
          finishedAt: daysAgo(4),
          expiresAt: daysAgo(4),
        },
        { kind: "pause", printerId: printer.id, status: "pending", expiresAt: daysAgo(30) },
      ],
    });
    expect(await loadRetention(db)).toEqual({
      eventsDays: 10,
      samplesDays: 2,
      commandsDays: 5,
      rejectedWritesDays: 3,
    });
    expect(await pruneOldRows(db, now)).toEqual({ events: 1, samples: 1, commands: 1, rejectedWrites: 1 });
    expect((await db.printerEvent.findMany()).map((e) => e.type)).toEqual(["new"]);
    expect((await db.temperatureSample.findMany()).map((s) => s.nozzle)).toEqual([2]);
    expect(await db.printerCommand.count()).toBe(2);
    expect((await db.rejectedWrite.findMany()).map((r) => r.opType)).toEqual(["new"]);
  });

  it("keeps at most the newest rejected writes, whatever their age", async () => {
    const db = database.db;
    await db.rejectedWrite.deleteMany();
    const now = new Date();
    await db.rejectedWrite.createMany({
      data: Array.from({ length: maxRejectedWrites + 5 }, (_, i) => ({
        workerId: "w",
        opType: `op${i}`,
        reason: "rejected",
        message: "m",
        excerpt: "{}",
        createdAt: now,
      })),
    });
    expect((await pruneOldRows(db, now)).rejectedWrites).toBe(5);
    expect(await db.rejectedWrite.count()).toBe(maxRejectedWrites);
    expect(await db.rejectedWrite.count({ where: { opType: { in: ["op0", "op4"] } } })).toBe(0);
    expect(await db.rejectedWrite.count({ where: { opType: `op${maxRejectedWrites + 4}` } })).toBe(1);
  });

  it("falls back to defaults when the setting is missing or invalid", async () => {
    await database.db.setting.upsert({
      where: { key: "retention" },
      create: { key: "retention", value: { eventsDays: "ninety" } },
      update: { value: { eventsDays: "ninety" } },
    });
    expect(await loadRetention(database.db)).toEqual({
      eventsDays: 90,
      samplesDays: 14,
      commandsDays: 30,
      rejectedWritesDays: 14,
    });
  });
});
