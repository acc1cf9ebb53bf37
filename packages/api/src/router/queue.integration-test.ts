import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { ListenConnection } from "@printernizer/db/listen";
import { channels } from "@printernizer/db/channels";
import { callerFor, codeOf, testCipher } from "../testing/callers";

const twoPlates = {
  format: "3mf",
  slicer: "BambuStudio 02.00.03.54",
  printerModel: "Bambu Lab P1S",
  nozzleDiameter: 0.4,
  filaments: [{ index: 1, type: "PLA", color: "#FFFFFF" }],
  plates: [
    { index: 1, filaments: [{ index: 1, type: "PLA", color: "#FFFFFF" }] },
    { index: 2, filaments: [{ index: 1, type: "PLA", color: "#FFFFFF" }] },
  ],
  warnings: [],
};

describe("queue procedures: add, edit, reorder, cancel, pause, settings, audit", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  let fileId: string;
  let gcodeId: string;
  let printerId: string;
  const operator = () => callerFor(database.db, "operator", cipher);
  const viewer = () => callerFor(database.db, "viewer", cipher);
  const admin = () => callerFor(database.db, "admin", cipher);
  const waitingIds = async () => (await viewer().queue.list()).waiting.map((e) => e.id);

  beforeAll(async () => {
    database = await createTestDatabase();
    const file = await database.db.libraryFile.create({
      data: {
        sha256: "a".repeat(64),
        name: "bracket.gcode.3mf",
        format: "3mf",
        size: 1000n,
        metadata: twoPlates,
      },
    });
    fileId = file.id;
    const gcode = await database.db.libraryFile.create({
      data: {
        sha256: "b".repeat(64),
        name: "cone.bgcode",
        format: "bgcode",
        size: 500n,
        metadata: { format: "bgcode", filaments: [], plates: [], warnings: [] },
      },
    });
    gcodeId = gcode.id;
    printerId = (
      await database.db.printer.create({
        data: { kind: "bambu", name: "P1S-03", host: "10.0.0.9", credentials: "sealed", model: "P1S" },
      })
    ).id;
  });
  afterAll(async () => database.drop());

  it("adds entries with each kind of target, in order, and lists them with their state", async () => {
    const a = await operator().queue.add({
      libraryFileId: fileId,
      plate: 2,
      copies: 3,
      target: { target: "any" },
    });
    const b = await operator().queue.add({
      libraryFileId: gcodeId,
      target: { target: "models", models: ["MK4S", " MK4 ", "MK4S"] },
    });
    const c = await operator().queue.add({ libraryFileId: fileId, target: { target: "printer", printerId } });
    expect(await waitingIds()).toEqual([a.entryId, b.entryId, c.entryId]);
    const list = await viewer().queue.list();
    expect(list.settings).toEqual({ paused: false, maxHeating: 4, prestage: true });
    expect(list.waiting[0]).toMatchObject({
      plate: 2,
      copies: 3,
      copiesStarted: 0,
      state: "waiting",
      targetWords: "any compatible printer",
      file: { name: "bracket.gcode.3mf" },
      options: { bedLevelling: true, useAms: true },
    });
    expect(list.waiting[1]).toMatchObject({ targetModels: ["MK4S", "MK4"], targetWords: "any MK4S or MK4" });
    expect(list.waiting[2]).toMatchObject({ targetPrinterName: "P1S-03", targetWords: "the printer P1S-03" });
    const audit = await database.db.auditLog.findMany({ where: { action: "queue.add" } });
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({
      actorEmail: "test-operator@printernizer.test",
      targetType: "queue_entry",
    });
  });

  it("refuses bad entries in words, and a viewer may not add", async () => {
    expect(
      await codeOf(operator().queue.add({ libraryFileId: fileId, plate: 3, target: { target: "any" } })),
    ).toBe("BAD_REQUEST: bracket.gcode.3mf has no sliced plate 3; choose one of plate 1, 2.");
    expect(
      await codeOf(operator().queue.add({ libraryFileId: gcodeId, plate: 2, target: { target: "any" } })),
    ).toBe("BAD_REQUEST: cone.bgcode is not a 3MF project and has only one plate; choose plate 1.");
    expect(await codeOf(operator().queue.add({ libraryFileId: "gone", target: { target: "any" } }))).toBe(
      "NOT_FOUND: There is no such library file; it may have been deleted.",
    );
    expect(
      await codeOf(
        operator().queue.add({ libraryFileId: fileId, target: { target: "printer", printerId: "gone" } }),
      ),
    ).toBe("NOT_FOUND: There is no such printer; it may have been removed.");
    expect(
      await codeOf(operator().queue.add({ libraryFileId: fileId, copies: 0, target: { target: "any" } })),
    ).toMatch(/^BAD_REQUEST:[\s\S]*Print at least one copy/);
    expect(
      await codeOf(operator().queue.add({ libraryFileId: fileId, target: { target: "models", models: [] } })),
    ).toMatch(/Name at least one printer model/);
    expect(await codeOf(viewer().queue.add({ libraryFileId: fileId, target: { target: "any" } }))).toMatch(
      /^FORBIDDEN/,
    );
    const failures = await database.db.auditLog.findMany({
      where: { action: "queue.add", outcome: "failure" },
    });
    expect(failures.map((f) => (f.details as { reason: string }).reason)).toContain(
      "bracket.gcode.3mf has no sliced plate 3; choose one of plate 1, 2.",
    );
  });

  it("moves entries before and after others, taking the anchor's priority, and renumbers when gaps run out", async () => {
    const [a, b, c] = await waitingIds();
    await operator().queue.reorder({ entryId: c!, anchorId: a!, placement: "before" });
    expect(await waitingIds()).toEqual([c, a, b]);
    await operator().queue.reorder({ entryId: c!, anchorId: b!, placement: "after" });
    expect(await waitingIds()).toEqual([a, b, c]);
    // Squeeze b between a and c back and forth until the gap is gone: order stays right throughout.
    for (let i = 0; i < 60; i++) {
      await operator().queue.reorder({ entryId: i % 2 ? b! : c!, anchorId: a!, placement: "after" });
    }
    expect(await waitingIds()).toEqual([a, b, c]);
    const positions = (await viewer().queue.list()).waiting.map((e) => e.position);
    expect(positions[1]! - positions[0]!).toBeGreaterThan(1e-6);
    // A higher-priority entry first; moving another after it gives that one its priority.
    await operator().queue.update({ entryId: b!, priority: 10 });
    expect(await waitingIds()).toEqual([b, a, c]);
    const moved = await operator().queue.reorder({ entryId: c!, anchorId: b!, placement: "after" });
    expect(moved.priority).toBe(10);
    expect(await waitingIds()).toEqual([b, c, a]);
    expect(await codeOf(operator().queue.reorder({ entryId: a!, anchorId: a!, placement: "after" }))).toBe(
      "BAD_REQUEST: An entry cannot be moved next to itself.",
    );
    expect(await database.db.auditLog.count({ where: { action: "queue.reorder", outcome: "success" } })).toBe(
      63,
    );
  });

  it("edits copies and target, never below the copies already handed out", async () => {
    const [first] = await waitingIds();
    await database.db.queueEntry.update({ where: { id: first! }, data: { copiesStarted: 2, copiesDone: 1 } });
    expect(await codeOf(operator().queue.update({ entryId: first!, copies: 1 }))).toBe(
      "CONFLICT: 2 copies are already printing or printed; set copies to 2 or more, or cancel the entry.",
    );
    expect(await codeOf(operator().queue.update({ entryId: first! }))).toMatch(/Nothing to change/);
    await operator().queue.update({
      entryId: first!,
      copies: 2,
      target: { target: "models", models: ["P1S"] },
    });
    expect(await viewer().queue.get({ entryId: first! })).toMatchObject({
      copies: 2,
      target: "models",
      targetModels: ["P1S"],
      state: "printing",
    });
  });

  it("shows where an entry's file is pre-staged", async () => {
    const [first] = await waitingIds();
    await database.db.stagedFile.create({
      data: {
        printerId,
        sha256: "a".repeat(64),
        remoteName: "bracket.gcode.3mf",
        status: "uploading",
        bytesSent: 400n,
        queueEntryId: first!,
      },
    });
    expect((await viewer().queue.get({ entryId: first! })).staged).toEqual([
      expect.objectContaining({ printerName: "P1S-03", status: "uploading", bytesSent: 400 }),
    ]);
  });

  it("shows a running print's live progress (the job row follows it only every 30 s), and the job's own once it ended", async () => {
    const [first] = await waitingIds();
    const job = await database.db.job.create({
      data: {
        printerId,
        fileName: "bracket.gcode.3mf",
        state: "PRINTING",
        startedAt: new Date(),
        progress: 10,
      },
    });
    await database.db.printStart.create({
      data: {
        printerId,
        remoteName: "bracket.gcode.3mf",
        status: "started",
        queueEntryId: first!,
        jobId: job.id,
      },
    });
    await database.db.liveStatus.create({
      data: {
        printerId,
        state: "printing",
        progress: 42,
        status: {},
        stateChangedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    const jobOfStart = async () =>
      (await viewer().queue.get({ entryId: first! })).starts.find((s) => s.job?.id === job.id)?.job;
    expect(await jobOfStart()).toMatchObject({ id: job.id, progress: 42, outcome: null });
    await database.db.job.update({
      where: { id: job.id },
      data: { endedAt: new Date(), outcome: "completed", state: "COMPLETED", progress: 100 },
    });
    await database.db.liveStatus.update({ where: { printerId }, data: { state: "idle", progress: null } });
    expect(await jobOfStart()).toMatchObject({ progress: 100, outcome: "completed" });
  });

  it("cancels an entry: it leaves the waiting list and cannot be changed again", async () => {
    const [, second] = await waitingIds();
    await operator().queue.cancel({ entryId: second! });
    expect(await waitingIds()).not.toContain(second);
    const { finished } = await viewer().queue.list();
    expect(finished.find((e) => e.id === second)).toMatchObject({ status: "cancelled", state: "cancelled" });
    expect(await codeOf(operator().queue.cancel({ entryId: second! }))).toBe(
      "CONFLICT: This entry is cancelled already; add a new entry to print it again.",
    );
    expect(await codeOf(viewer().queue.get({ entryId: "nope" }))).toMatch(/^NOT_FOUND/);
  });

  it("pauses and resumes the queue (operators) and changes dispatcher settings (admins), with NOTIFY and audit", async () => {
    const heard: string[] = [];
    const listen = new ListenConnection({
      databaseUrl: database.url,
      channels: [channels.queueChanged],
      applicationName: "queue-test",
      onNotification: (_channel, payload) => heard.push(payload),
    });
    await listen.start();
    try {
      expect(await operator().queue.pause()).toMatchObject({ paused: true });
      expect(await viewer().queue.settings()).toMatchObject({ paused: true });
      expect(await codeOf(operator().queue.updateSettings({ maxHeating: 2 }))).toMatch(/^FORBIDDEN/);
      expect(await admin().queue.updateSettings({ maxHeating: 2, prestage: false })).toEqual({
        paused: true,
        maxHeating: 2,
        prestage: false,
      });
      expect(await codeOf(admin().queue.updateSettings({ maxHeating: 0 }))).toMatch(
        /pause the queue instead/,
      );
      expect(await operator().queue.resume()).toEqual({ paused: false, maxHeating: 2, prestage: false });
      await expect.poll(() => heard.filter((p) => p === "queue").length).toBe(3);
    } finally {
      await listen.stop();
    }
    const actions = (
      await database.db.auditLog.findMany({
        where: { action: { in: ["queue.pause", "queue.resume", "queue.settings"] } },
        orderBy: { createdAt: "asc" },
      })
    ).map((a) => [a.action, a.actorEmail]);
    expect(actions).toEqual([
      ["queue.pause", "test-operator@printernizer.test"],
      ["queue.settings", "test-admin@printernizer.test"],
      ["queue.resume", "test-operator@printernizer.test"],
    ]);
  });
});
