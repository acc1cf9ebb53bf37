import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { jobsCsv, jobStatsByPrinter, listJobs } from "./jobs";

describe("job history services", () => {
  let database: TestDatabase;
  let a: string;
  let b: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    a = (
      await db.printer.create({ data: { kind: "bambu", name: "Alpha", host: "10.0.0.1", credentials: "x" } })
    ).id;
    b = (
      await db.printer.create({
        data: { kind: "prusalink", name: "Bravo", host: "10.0.0.2", credentials: "x" },
      })
    ).id;
    const t = (h: number) => new Date(Date.UTC(2026, 10, 20, h));
    await db.job.createMany({
      data: [
        {
          printerId: a,
          fileName: "a1.3mf",
          state: "COMPLETED",
          outcome: "completed",
          startedAt: t(1),
          endedAt: t(2),
          durationSeconds: 3600,
        },
        {
          printerId: a,
          fileName: "a2.3mf",
          state: "FAILED",
          outcome: "failed",
          startedAt: t(3),
          endedAt: t(4),
          durationSeconds: 1800,
        },
        {
          printerId: a,
          fileName: "a3.3mf",
          state: "COMPLETED",
          outcome: "completed",
          startedAt: t(5),
          endedAt: t(7),
          durationSeconds: 7200,
        },
        {
          printerId: b,
          fileName: '=HYPERLINK("x"),evil.gcode',
          displayName: 'Say "hi", friend',
          state: "CANCELLED",
          outcome: "cancelled",
          startedAt: t(6),
          endedAt: t(6),
          durationSeconds: 60,
        },
        { printerId: b, fileName: "running.bgcode", state: "PRINTING", startedAt: t(8) },
      ],
    });
  });
  afterAll(async () => database.drop());

  it("filters by printer, outcome and date range, newest first, in pages", async () => {
    const all = await listJobs(database.db, {}, { limit: 2 });
    expect(all.items.map((j) => j.fileName)).toEqual(["running.bgcode", '=HYPERLINK("x"),evil.gcode']);
    const next = await listJobs(database.db, {}, { limit: 10, cursor: all.nextCursor });
    expect(next.items).toHaveLength(3);
    expect(
      (await listJobs(database.db, { printerId: a, outcome: "completed" }, { limit: 10 })).items.map(
        (j) => j.fileName,
      ),
    ).toEqual(["a3.3mf", "a1.3mf"]);
    expect(
      (await listJobs(database.db, { outcome: "running" }, { limit: 10 })).items.map((j) => j.printerName),
    ).toEqual(["Bravo"]);
    const window = await listJobs(
      database.db,
      { from: new Date(Date.UTC(2026, 10, 20, 3)), to: new Date(Date.UTC(2026, 10, 20, 6)) },
      { limit: 10 },
    );
    expect(window.items.map((j) => j.fileName).sort()).toEqual(
      ['=HYPERLINK("x"),evil.gcode', "a2.3mf", "a3.3mf"].sort(),
    );
  });

  it("computes success rate and average duration per printer", async () => {
    const stats = await jobStatsByPrinter(database.db, {});
    expect(stats).toEqual([
      expect.objectContaining({
        printerName: "Alpha",
        total: 3,
        completed: 2,
        failed: 1,
        cancelled: 0,
        successRate: 2 / 3,
        averageDurationSeconds: 4200,
        totalDurationSeconds: 12600,
      }),
      expect.objectContaining({
        printerName: "Bravo",
        total: 2,
        completed: 0,
        cancelled: 1,
        successRate: 0,
        totalDurationSeconds: 60,
      }),
    ]);
  });

  it("exports CSV with quoting and spreadsheet-formula defusing", async () => {
    let csv = "";
    for await (const line of jobsCsv(database.db, { printerId: b })) csv += line;
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "printer,file,name,outcome,state,started,ended,duration_seconds,progress,layer,total_layers",
    );
    expect(lines).toHaveLength(3);
    expect(csv).toContain(
      `Bravo,"'=HYPERLINK(""x""),evil.gcode","Say ""hi"", friend",cancelled,CANCELLED,2026-11-20T06:00:00.000Z`,
    );
    // A job without a long name repeats its file name as the name the history shows.
    expect(csv).toContain(
      "Bravo,running.bgcode,running.bgcode,running,PRINTING,2026-11-20T08:00:00.000Z,,,,,",
    );
  });

  it("counts every outcome: the success rate is completed over completed, failed and cancelled; unknown and running apart", async () => {
    const db = database.db;
    const c = (
      await db.printer.create({
        data: { kind: "bambu", name: "Charlie", host: "10.0.0.3", credentials: "x" },
      })
    ).id;
    const at = new Date(Date.UTC(2026, 10, 21, 1));
    const ended = { startedAt: at, endedAt: at, durationSeconds: 60 };
    await db.job.createMany({
      data: [
        { printerId: c, fileName: "c1.3mf", state: "COMPLETED", outcome: "completed", ...ended },
        { printerId: c, fileName: "c2.3mf", state: "CANCELLED", outcome: "cancelled", ...ended },
        { printerId: c, fileName: "c3.3mf", state: "FAILED", outcome: "failed", ...ended },
        { printerId: c, fileName: "c4.3mf", state: "COMPLETED", outcome: "completed", ...ended },
        { printerId: c, fileName: "c5.3mf", state: "PRINTING", outcome: "unknown", ...ended },
        { printerId: c, fileName: "c6.3mf", state: "PRINTING", startedAt: at },
      ],
    });
    const stats = await jobStatsByPrinter(db, { printerId: c });
    expect(stats).toEqual([
      expect.objectContaining({
        printerName: "Charlie",
        total: 6,
        completed: 2,
        failed: 1,
        cancelled: 1,
        unknown: 1,
        running: 1,
        successRate: 2 / 4,
      }),
    ]);
  });

  it("carries file, plate and options of the library start a job came from, for 'Print again'", async () => {
    const db = database.db;
    const printerId = (
      await db.printer.create({ data: { kind: "bambu", name: "Delta", host: "10.0.0.4", credentials: "x" } })
    ).id;
    const at = new Date(Date.UTC(2026, 10, 22, 1));
    const started = await db.job.create({
      data: {
        printerId,
        fileName: "cube.gcode.3mf",
        state: "COMPLETED",
        outcome: "completed",
        startedAt: at,
      },
    });
    const elsewhere = await db.job.create({
      data: { printerId, fileName: "sd-card.gcode", state: "COMPLETED", outcome: "completed", startedAt: at },
    });
    const file = await db.libraryFile.create({
      data: { sha256: "a".repeat(64), name: "cube.gcode.3mf", format: "3mf", size: 10n, metadata: {} },
    });
    await db.printStart.create({
      data: {
        printerId,
        libraryFileId: file.id,
        remoteName: "cube.gcode.3mf",
        plate: 2,
        options: { timelapse: true },
        status: "started",
        jobId: started.id,
      },
    });
    const { items } = await listJobs(db, { printerId }, { limit: 10 });
    expect(items.find((j) => j.id === started.id)?.printStart).toEqual({
      libraryFileId: file.id,
      plate: 2,
      options: { timelapse: true },
    });
    expect(items.find((j) => j.id === elsewhere.id)?.printStart).toBeNull();
    // The library file deleted: nothing to print again.
    await db.libraryFile.delete({ where: { id: file.id } });
    const after = await listJobs(db, { printerId }, { limit: 10 });
    expect(after.items.find((j) => j.id === started.id)?.printStart).toBeNull();
  });
});
