// print.check / start / reprint / starts and printer.confirmPlateCleared against a real migrated
// database. No worker runs: the test asserts on the PrintStart, command and audit rows it writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Prisma, PrinterState } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { CompatibilityInput } from "@printernizer/farm/print-compatibility";
import { callerFor, codeOf, testCipher } from "../testing/callers";

type FileMetadata = CompatibilityInput["metadata"];

const p1sFile: FileMetadata = {
  format: "3mf",
  slicer: "BambuStudio 02.00.03.54",
  printerModel: "C12",
  nozzleDiameter: 0.4,
  filaments: [
    { index: 1, type: "PLA", color: "#FFFFFF" },
    { index: 2, type: "PETG", color: "#000000" },
  ],
  plates: [
    {
      index: 1,
      filaments: [
        { index: 1, type: "PLA", color: "#FFFFFF" },
        { index: 2, type: "PETG", color: "#000000" },
      ],
    },
  ],
  warnings: [],
};
const x1cFile: FileMetadata = { ...p1sFile, printerModel: "BL-P001" };
const bgcodeFile: FileMetadata = {
  format: "bgcode",
  printerModel: "MK4",
  nozzleDiameter: 0.4,
  filaments: [{ index: 1, type: "PLA" }],
  plates: [],
  warnings: [],
};

const ams = [
  { unit: 0, slot: 0, trayId: 0, material: "PETG", color: "#000000FF", state: "loaded", active: false },
  { unit: 0, slot: 1, trayId: 1, material: "PLA", color: "#FFFFFFFF", state: "loaded", active: false },
];

describe("print procedures: check, start, reprint, starts, plate cleared", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  let printerId: string;
  const files: Record<string, string> = {};
  const operator = () => callerFor(database.db, "operator", cipher);
  const viewer = () => callerFor(database.db, "viewer", cipher);
  const admin = () => callerFor(database.db, "admin", cipher);

  async function setLive(state: PrinterState, rawState: string) {
    const status = { state, rawState, temperatures: {}, filament: ams, errors: [], nozzleDiameter: 0.4 };
    const data = {
      state,
      rawState,
      connected: true,
      status,
      stateChangedAt: new Date(),
      updatedAt: new Date(),
    };
    await database.db.liveStatus.upsert({
      where: { printerId },
      create: { printerId, ...data },
      update: data,
    });
  }

  async function addFile(name: string, metadata: FileMetadata) {
    const row = await database.db.libraryFile.create({
      data: {
        sha256: name.padEnd(64, "0").slice(0, 64),
        name,
        format: metadata.format,
        size: 1_000,
        metadata: metadata as unknown as Prisma.InputJsonObject,
      },
    });
    files[name] = row.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    printerId = (
      await database.db.printer.create({
        data: { kind: "bambu", name: "Farm P1S", host: "10.0.0.9", model: "P1S", credentials: "sealed" },
      })
    ).id;
    await addFile("bracket.gcode.3mf", p1sFile);
    await addFile("bracket_x1c.gcode.3mf", x1cFile);
    await addFile("cone.bgcode", bgcodeFile);
  });
  afterAll(async () => database.drop());
  beforeEach(async () => {
    await database.db.printStart.deleteMany();
    await database.db.printerCommand.deleteMany();
    await database.db.printer.update({ where: { id: printerId }, data: { awaitingPlateClearSince: null } });
    await setLive("idle", "IDLE");
  });

  it("checks readiness, compatibility and the AMS mapping for the start dialog", async () => {
    const check = await viewer().print.check({
      libraryFileId: files["bracket.gcode.3mf"]!,
      printerId,
      plate: 1,
    });
    expect(check.readiness).toEqual({ ready: true });
    expect(check.compatibility.problems).toEqual([]);
    expect(check.compatibility.amsMapping).toEqual([1, 0]);
    expect(check.filament).toHaveLength(2);
    expect(check.defaultOptions).toMatchObject({ bedLevelling: true, useAms: true });
    const x1c = await viewer().print.check({
      libraryFileId: files["bracket_x1c.gcode.3mf"]!,
      printerId,
      plate: 1,
    });
    expect(x1c.compatibility.problems).toEqual([
      expect.objectContaining({
        level: "mismatch",
        message: "Sliced for Bambu Lab X1 Carbon, this is a P1S.",
      }),
    ]);
    expect(await codeOf(viewer().print.check({ libraryFileId: "gone", printerId, plate: 1 }))).toMatch(
      /^NOT_FOUND/,
    );
  });

  it("starts: a PrintStart with the chosen mapping, a start_print command and an audit entry", async () => {
    const started = await operator().print.start({
      libraryFileId: files["bracket.gcode.3mf"]!,
      printerId,
      plate: 1,
    });
    const start = await database.db.printStart.findUniqueOrThrow({ where: { id: started.printStartId } });
    expect(start).toMatchObject({
      printerId,
      remoteName: "bracket.gcode.3mf",
      plate: 1,
      status: "pending",
      overrides: [],
      commandId: started.commandId,
      requestedById: "test-operator",
    });
    expect(start.options).toMatchObject({ useAms: true, amsMapping: [1, 0] });
    const command = await database.db.printerCommand.findUniqueOrThrow({ where: { id: started.commandId } });
    expect(command).toMatchObject({ kind: "start_print", printerId, payload: { printStartId: start.id } });
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: "print.start", outcome: "success" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ targetId: printerId, targetLabel: "Farm P1S" });
    expect(audit.details).toMatchObject({ file: "bracket.gcode.3mf", plate: 1, overrides: [] });
    // A second start while the first is on its way is refused.
    expect(
      await codeOf(
        operator().print.start({ libraryFileId: files["bracket.gcode.3mf"]!, printerId, plate: 1 }),
      ),
    ).toBe("CONFLICT: Farm P1S cannot start now: Another print is being sent to this printer right now.");
  });

  it("lets only one of several simultaneous starts on one printer through", async () => {
    const request = { libraryFileId: files["bracket.gcode.3mf"]!, printerId, plate: 1 };
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => codeOf(operator().print.start(request))),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(new Set(outcomes.filter((o) => o !== "ok"))).toEqual(
      new Set([
        "CONFLICT: Farm P1S cannot start now: Another print is being sent to this printer right now.",
      ]),
    );
    expect(await database.db.printStart.count()).toBe(1);
  });

  it("refuses a printer that is printing, with the printer's own words, and writes a failure entry", async () => {
    await setLive("printing", "RUNNING");
    expect(
      await codeOf(
        operator().print.start({ libraryFileId: files["bracket.gcode.3mf"]!, printerId, plate: 1 }),
      ),
    ).toBe(
      "CONFLICT: Farm P1S cannot start now: The printer is printing (it says RUNNING); wait until the print ends.",
    );
    expect(await database.db.printStart.count()).toBe(0);
    expect(
      await database.db.auditLog.count({ where: { action: "print.start", outcome: "failure" } }),
    ).toBeGreaterThan(0);
  });

  it("refuses a blocked file, and a mismatch until it is overridden", async () => {
    expect(
      await codeOf(
        operator().print.start({ libraryFileId: files["cone.bgcode"]!, printerId, plate: 1, override: true }),
      ),
    ).toMatch(
      /^PRECONDITION_FAILED: This cannot be printed on Farm P1S: This printer cannot print \.bgcode files/,
    );
    const x1c = { libraryFileId: files["bracket_x1c.gcode.3mf"]!, printerId, plate: 1 };
    expect(await codeOf(operator().print.start(x1c))).toMatch(
      /^PRECONDITION_FAILED: Not started: Sliced for Bambu Lab X1 Carbon, this is a P1S\. Start anyway/,
    );
    expect(await database.db.printStart.count()).toBe(0);
    const started = await operator().print.start({ ...x1c, override: true });
    const start = await database.db.printStart.findUniqueOrThrow({ where: { id: started.printStartId } });
    expect(start.overrides).toEqual(["Sliced for Bambu Lab X1 Carbon, this is a P1S."]);
  });

  it("waits for the plate: refused until an operator confirms it cleared", async () => {
    await database.db.printer.update({
      where: { id: printerId },
      data: { awaitingPlateClearSince: new Date() },
    });
    const listed = (await viewer().farm.list()).find((p) => p.id === printerId);
    expect(listed).toMatchObject({ autoClearPlate: false, awaitingPlateClearSince: expect.any(Date) });
    const request = { libraryFileId: files["bracket.gcode.3mf"]!, printerId, plate: 1 };
    expect(await codeOf(operator().print.start(request))).toMatch(
      /^CONFLICT: .*confirm “plate cleared” first\.$/,
    );
    expect(await codeOf(viewer().printer.confirmPlateCleared({ printerIds: [printerId] }))).toMatch(
      /^FORBIDDEN/,
    );
    const before = await database.db.printer.findUniqueOrThrow({ where: { id: printerId } });
    const { results } = await operator().printer.confirmPlateCleared({ printerIds: [printerId, "gone"] });
    expect(results).toEqual([
      expect.objectContaining({ printerId, cleared: true, wasWaiting: true }),
      expect.objectContaining({
        printerId: "gone",
        cleared: false,
        message: expect.stringMatching(/no such printer/),
      }),
    ]);
    const row = await database.db.printer.findUniqueOrThrow({ where: { id: printerId } });
    expect(row.awaitingPlateClearSince).toBeNull();
    // the worker reads a changed updatedAt as new config and would reconnect the printer
    expect(row.updatedAt).toEqual(before.updatedAt);
    expect(
      await database.db.auditLog.count({ where: { action: "printer.plate_cleared", targetId: printerId } }),
    ).toBe(1);
    const again = await operator().printer.confirmPlateCleared({ printerIds: [printerId] });
    expect(again.results[0]).toMatchObject({ cleared: true, wasWaiting: false });
    expect(await codeOf(operator().print.start(request))).toBe("ok");
  });

  it("reprints a job from its PrintStart, and refuses jobs that were not started from the library", async () => {
    const started = await operator().print.start({
      libraryFileId: files["bracket.gcode.3mf"]!,
      printerId,
      plate: 1,
      options: { bedLevelling: false, flowCalibration: true, timelapse: true, useAms: true },
    });
    const job = await database.db.job.create({
      data: {
        printerId,
        fileName: "bracket.gcode.3mf",
        state: "COMPLETED",
        outcome: "completed",
        startedAt: new Date(),
      },
    });
    await database.db.printStart.update({
      where: { id: started.printStartId },
      data: { status: "started", jobId: job.id },
    });
    const again = await operator().print.reprint({ jobId: job.id });
    const start = await database.db.printStart.findUniqueOrThrow({ where: { id: again.printStartId } });
    expect(start).toMatchObject({ libraryFileId: files["bracket.gcode.3mf"], plate: 1, status: "pending" });
    expect(start.options).toMatchObject({ bedLevelling: false, timelapse: true, amsMapping: [1, 0] });
    expect(await database.db.auditLog.count({ where: { action: "print.reprint", outcome: "success" } })).toBe(
      1,
    );

    const foreign = await database.db.job.create({
      data: {
        printerId,
        fileName: "sd-card.gcode",
        state: "COMPLETED",
        outcome: "completed",
        startedAt: new Date(),
      },
    });
    expect(await codeOf(operator().print.reprint({ jobId: foreign.id }))).toMatch(
      /^PRECONDITION_FAILED: This job was not started from the library, so there is nothing to print again/,
    );
    expect(await codeOf(operator().print.reprint({ jobId: "gone" }))).toMatch(/^NOT_FOUND/);
  });

  it("lists recent starts with the command's live upload progress", async () => {
    const started = await operator().print.start({
      libraryFileId: files["bracket.gcode.3mf"]!,
      printerId,
      plate: 1,
    });
    const progress = {
      step: "uploading",
      bytesSent: 400,
      totalBytes: 1_000,
      bytesPerSecond: 150,
      etaSeconds: 4,
    };
    await database.db.printerCommand.update({
      where: { id: started.commandId },
      data: { status: "claimed", progress },
    });
    await database.db.printStart.update({
      where: { id: started.printStartId },
      data: { status: "uploading" },
    });
    const [row] = await viewer().print.starts({ printerId, limit: 5 });
    expect(row).toMatchObject({
      id: started.printStartId,
      fileName: "bracket.gcode.3mf",
      status: "uploading",
      progress,
    });
    expect(await viewer().command.get({ commandId: started.commandId })).toMatchObject({
      kind: "start_print",
      progress,
    });
  });

  it("keeps auto-clear per printer: set in the admin form, kept when the form leaves it out", async () => {
    const form = {
      kind: "bambu",
      name: "Ejecting A1",
      host: "10.0.0.20",
      model: "A1",
      values: { serial: "03900A400200456", accessCode: "12345678" },
    };
    const { id } = await admin().admin.printers.create({ ...form, autoClearPlate: true });
    expect((await admin().admin.printers.list()).find((p) => p.id === id)).toMatchObject({
      autoClearPlate: true,
    });
    expect((await viewer().farm.list()).find((p) => p.id === id)).toMatchObject({ autoClearPlate: true });
    const kept = await admin().admin.printers.update({ id, ...form, host: "10.0.0.21" });
    expect(kept.changed).toEqual(["host"]);
    const off = await admin().admin.printers.update({
      id,
      ...form,
      host: "10.0.0.21",
      autoClearPlate: false,
    });
    expect(off.changed).toEqual(["autoClearPlate"]);
    expect((await database.db.printer.findUniqueOrThrow({ where: { id } })).autoClearPlate).toBe(false);
    await database.db.printer.delete({ where: { id } });
  });
});
