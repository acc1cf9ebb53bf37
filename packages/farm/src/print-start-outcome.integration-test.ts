// How a print start's end settles its queue entry, against a real migrated database: a completed
// print counts its copy done, a failed or cancelled one gives it back with why, one that ended
// unseen counts as done with a note for a person, and a start that never happened gives its copy back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { failPrintStart, settleStartedPrintIn, type PrintEnding } from "./print-start-outcome";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

async function entryWithStart(copies: number) {
  const { db } = database;
  const printer = await db.printer.create({
    data: { kind: "bambu", name: `P-${Math.random()}`, host: "127.0.0.1", credentials: "x" },
  });
  const file = await db.libraryFile.create({
    data: { sha256: "a".repeat(64), name: "part.gcode.3mf", format: "3mf", size: 10, metadata: {} },
  });
  const entry = await db.queueEntry.create({
    data: { libraryFileId: file.id, copies, copiesStarted: 1, position: 1 },
  });
  const start = await db.printStart.create({
    data: {
      printerId: printer.id,
      libraryFileId: file.id,
      remoteName: "part.gcode.3mf",
      queueEntryId: entry.id,
    },
  });
  return { entry, start, printer };
}

async function settle(ending: PrintEnding, copies = 1) {
  const { entry, start } = await entryWithStart(copies);
  await database.db.$transaction((tx) => settleStartedPrintIn(tx, start, ending, "P1S-03"));
  return database.db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } });
}

describe("print start outcome → queue entry", () => {
  it("a completed print counts its copy done; the entry is done with its last copy", async () => {
    expect(await settle("completed")).toMatchObject({ copiesDone: 1, copiesStarted: 1, status: "done" });
    expect(await settle("completed", 2)).toMatchObject({ copiesDone: 1, status: "queued" });
  });

  it("a failed or cancelled print gives its copy back, with why", async () => {
    expect(await settle("failed")).toMatchObject({
      copiesStarted: 0,
      copiesDone: 0,
      status: "queued",
      lastError: "The print failed on P1S-03.",
    });
    expect(await settle("cancelled")).toMatchObject({
      copiesStarted: 0,
      lastError: expect.stringMatching(/cancelled/),
    });
  });

  it("a print that ended while nobody watched counts as done, and asks a person to check the part", async () => {
    expect(await settle("unknown")).toMatchObject({
      copiesDone: 1,
      status: "done",
      lastError: expect.stringMatching(/no worker was watching.*check the part/),
    });
  });

  it("a start that never happened fails once and gives its copy back", async () => {
    const { entry, start } = await entryWithStart(1);
    expect(await failPrintStart(database.db, start.id, "The printer is printing.")).toBe(true);
    expect(await failPrintStart(database.db, start.id, "again")).toBe(false);
    expect(await database.db.printStart.findUniqueOrThrow({ where: { id: start.id } })).toMatchObject({
      status: "failed",
      error: "The printer is printing.",
    });
    expect(await database.db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 0,
      lastError: "The printer is printing.",
    });
  });

  it("a start whose print was already seen is started, not failed, and keeps its copy", async () => {
    const { entry, start, printer } = await entryWithStart(1);
    const job = await database.db.job.create({
      data: { printerId: printer.id, fileName: "part.gcode.3mf", state: "COMPLETED", startedAt: new Date() },
    });
    await database.db.printStart.update({
      where: { id: start.id },
      data: { status: "starting", jobId: job.id },
    });
    expect(await failPrintStart(database.db, start.id, "The printer did not confirm the start.")).toBe(false);
    expect(await database.db.printStart.findUniqueOrThrow({ where: { id: start.id } })).toMatchObject({
      status: "started",
      error: null,
    });
    expect(await database.db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 1,
      lastError: null,
    });
  });
});
