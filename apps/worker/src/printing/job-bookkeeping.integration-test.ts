// A job opening links the print start it came from, against a real migrated database; a queue
// start that failed because its confirmation timed out, yet the printer started it, is linked
// too and takes its copy back, so the entry is not dispatched a second time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { failPrintStart } from "@printernizer/farm/print-start-outcome";
import { linkStartedPrint, settleEndedJob } from "./job-bookkeeping";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

async function queueStart(status: "starting" | "started" = "starting") {
  const { db } = database;
  const printer = await db.printer.create({
    data: { kind: "bambu", name: `P-${Math.random()}`, host: "127.0.0.1", credentials: "x" },
  });
  const file = await db.libraryFile.create({
    data: { sha256: "b".repeat(64), name: "part.gcode.3mf", format: "3mf", size: 10, metadata: {} },
  });
  const entry = await db.queueEntry.create({
    data: { libraryFileId: file.id, copies: 1, copiesStarted: 1, position: 1 },
  });
  const start = await db.printStart.create({
    data: {
      printerId: printer.id,
      libraryFileId: file.id,
      remoteName: "part.gcode.3mf",
      queueEntryId: entry.id,
      status,
    },
  });
  return { printer, entry, start };
}

async function openJob(printerId: string, name: string) {
  const job = await database.db.job.create({
    data: { printerId, fileName: name, state: "PRINTING", startedAt: new Date() },
  });
  await database.db.$transaction((tx) =>
    linkStartedPrint(tx, { printerId, id: job.id, job: { name, displayName: undefined } }),
  );
  return job;
}

describe("job open → print start", () => {
  it("a start whose confirmation timed out is linked when the printer starts it after all; its copy is taken back and counted done once", async () => {
    const { db } = database;
    const { printer, entry, start } = await queueStart();
    await failPrintStart(db, start.id, "The printer did not confirm the start within 60 s.");
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 0,
    });

    const job = await openJob(printer.id, "part");
    expect(await db.printStart.findUniqueOrThrow({ where: { id: start.id } })).toMatchObject({
      status: "started",
      error: null,
      jobId: job.id,
    });
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 1,
      status: "queued",
    });

    await db.$transaction((tx) =>
      settleEndedJob(tx, { printerId: printer.id, id: job.id, outcome: "completed", at: new Date() }),
    );
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 1,
      copiesDone: 1,
      status: "done",
    });
  });

  it("a start still on its way is preferred to a failed one of the same file; a job of another file links nothing", async () => {
    const { db } = database;
    const first = await queueStart();
    await failPrintStart(db, first.start.id, "The upload failed.");
    const retry = await db.printStart.create({
      data: { printerId: first.printer.id, remoteName: "part.gcode.3mf", status: "starting" },
    });

    expect(await openJob(first.printer.id, "other")).toBeTruthy();
    const job = await openJob(first.printer.id, "part");
    expect(await db.printStart.findUniqueOrThrow({ where: { id: retry.id } })).toMatchObject({
      status: "starting",
      jobId: job.id,
    });
    expect(await db.printStart.findUniqueOrThrow({ where: { id: first.start.id } })).toMatchObject({
      status: "failed",
      jobId: null,
    });
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: first.entry.id } })).toMatchObject({
      copiesStarted: 0,
    });
  });

  it("a start that failed longer ago than a late start takes is not linked", async () => {
    const { db } = database;
    const { printer, entry, start } = await queueStart();
    await failPrintStart(db, start.id, "The printer did not confirm the start.");
    await db.$executeRaw`UPDATE "PrintStart" SET "updatedAt" = now() - interval '11 minutes' WHERE "id" = ${start.id}`;

    await openJob(printer.id, "part");
    expect(await db.printStart.findUniqueOrThrow({ where: { id: start.id } })).toMatchObject({
      status: "failed",
      jobId: null,
    });
    expect(await db.queueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      copiesStarted: 0,
    });
  });
});
