import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrinterState } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { finishCommand } from "@printernizer/farm/command-queue";
import { callerFor, codeOf, testCipher } from "../testing/callers";

describe("printer procedures: detail, controls, history and files", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  let printerId: string;
  const operator = () => callerFor(database.db, "operator", cipher);
  const viewer = () => callerFor(database.db, "viewer", cipher);

  async function setLive(state: PrinterState, options: { connected?: boolean; job?: boolean } = {}) {
    const job = options.job ?? (state === "printing" || state === "paused");
    const status = {
      state,
      temperatures: { nozzle: { current: 215, target: 215 } },
      filament: [],
      errors: [],
      ...(job ? { job: { id: "1", name: "cone.bgcode", state: "PRINTING" } } : {}),
    };
    const data = {
      state,
      connected: options.connected ?? true,
      jobName: job ? "cone.bgcode" : null,
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

  beforeAll(async () => {
    database = await createTestDatabase();
    printerId = (
      await database.db.printer.create({
        data: { kind: "prusalink", name: "Page MK4", host: "10.0.0.5", credentials: "sealed-secret-value" },
      })
    ).id;
  });
  afterAll(async () => database.drop());

  it("returns the printer without its credentials, and NOT_FOUND for an unknown id", async () => {
    await setLive("idle");
    const detail = await viewer().printer.get({ printerId });
    expect(detail.printer).toMatchObject({ id: printerId, name: "Page MK4", state: "idle", connected: true });
    expect(JSON.stringify(detail)).not.toContain("sealed-secret-value");
    expect(await codeOf(viewer().printer.get({ printerId: "nope" }))).toMatch(/^NOT_FOUND/);
  });

  it("refuses controls the state does not allow, with a reason", async () => {
    await setLive("idle");
    expect(await codeOf(operator().printer.command({ printerId, kind: "pause" }))).toBe(
      "CONFLICT: Only a running print can be paused; the printer is idle.",
    );
    expect(await codeOf(operator().printer.command({ printerId, kind: "cancel" }))).toMatch(
      /^CONFLICT: There is no print to cancel/,
    );
    await setLive("printing");
    expect(await codeOf(operator().printer.command({ printerId, kind: "resume" }))).toMatch(
      /^CONFLICT: Only a paused print can be resumed/,
    );
    await setLive("printing", { connected: false });
    expect(await codeOf(operator().printer.command({ printerId, kind: "pause" }))).toMatch(
      /^CONFLICT: The printer is not connected/,
    );
    expect(await database.db.printerCommand.count()).toBe(0);
    expect(await database.db.auditLog.count({ where: { action: "printer.pause", outcome: "failure" } })).toBe(
      2,
    );
  });

  it("queues an allowed control once, audits it and refuses a second while the first is on its way", async () => {
    await setLive("printing");
    const { commandId } = await operator().printer.command({ printerId, kind: "pause" });
    const command = await database.db.printerCommand.findUniqueOrThrow({ where: { id: commandId } });
    expect(command).toMatchObject({
      kind: "pause",
      printerId,
      status: "pending",
      requestedById: "test-operator",
    });
    expect(
      await database.db.auditLog.findFirst({ where: { action: "printer.pause", outcome: "success" } }),
    ).toMatchObject({ targetId: printerId, targetLabel: "Page MK4", actorId: "test-operator" });
    expect(await codeOf(operator().printer.command({ printerId, kind: "cancel" }))).toBe(
      "CONFLICT: A pause command is still on its way to this printer; wait until it is done.",
    );

    expect(await viewer().command.get({ commandId })).toMatchObject({ status: "pending", error: null });
    await database.db.printerCommand.update({
      where: { id: commandId },
      data: {
        status: "failed",
        error: "Printer is not printing",
        errorKind: "conflict",
        finishedAt: new Date(),
      },
    });
    expect(await viewer().command.get({ commandId })).toMatchObject({
      status: "failed",
      error: "Printer is not printing",
      errorKind: "conflict",
    });
    await setLive("paused");
    expect(await codeOf(operator().printer.command({ printerId, kind: "resume" }))).toBe("ok");
  });

  it("reports a command nobody claimed before its deadline as expired", async () => {
    const stale = await database.db.printerCommand.create({
      data: { kind: "cancel", printerId, expiresAt: new Date(Date.now() - 1_000) },
    });
    expect(await viewer().command.get({ commandId: stale.id })).toMatchObject({
      status: "expired",
      error: expect.stringContaining("No worker picked up") as string,
    });
  });

  it("keeps viewers away from controls and file downloads", async () => {
    expect(await codeOf(viewer().printer.command({ printerId, kind: "pause" }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(viewer().files.refresh({ printerId }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(viewer().files.download({ fileId: "x" }))).toMatch(/^FORBIDDEN/);
  });

  it("pages this printer's events newest first", async () => {
    const other = (
      await database.db.printer.create({
        data: { kind: "bambu", name: "Other", host: "10.0.0.6", credentials: "x" },
      })
    ).id;
    for (let i = 0; i < 5; i++)
      await database.db.printerEvent.create({
        data: { printerId, type: "state_changed", payload: { n: i } },
      });
    await database.db.printerEvent.create({
      data: { printerId: other, type: "state_changed", payload: { n: 99 } },
    });
    const first = await viewer().events.list({ printerId, limit: 2 });
    expect(first.items.map((e) => (e.payload as { n: number }).n)).toEqual([4, 3]);
    const second = await viewer().events.list({ printerId, limit: 10, cursor: first.nextCursor });
    expect(second.items.map((e) => (e.payload as { n: number }).n)).toEqual([2, 1, 0]);
    expect(second.nextCursor).toBeUndefined();
    expect(await codeOf(viewer().events.list({ printerId, cursor: "../1" }))).toMatch(/^BAD_REQUEST/);
  });

  it("queues a file-list refresh for a known printer, audits it, and answers NOT_FOUND for an unknown one", async () => {
    const { commandId } = await operator().files.refresh({ printerId });
    expect(await database.db.printerCommand.findUniqueOrThrow({ where: { id: commandId } })).toMatchObject({
      kind: "refresh_files",
      printerId,
      requestedById: "test-operator",
    });
    expect(
      await database.db.auditLog.findFirst({
        where: { action: "printer.files_refresh", outcome: "success" },
      }),
    ).toMatchObject({ targetId: printerId, targetLabel: "Page MK4" });
    expect(await codeOf(operator().files.refresh({ printerId: "gone" }))).toBe(
      "NOT_FOUND: There is no such printer; it may have been removed.",
    );
  });

  it("lists files by their long names and downloads through a command unless already stored", async () => {
    const seenAt = new Date();
    await database.db.printerFile.createMany({
      data: [
        {
          printerId,
          path: "/usb/CALIBR~1",
          name: "CALIBR~1",
          displayName: "Calibration",
          type: "folder",
          seenAt,
        },
        {
          printerId,
          path: "/usb/PAINTI~1.BGC",
          name: "PAINTI~1.BGC",
          displayName: "painting_cone.bgcode",
          type: "print",
          size: 70_000n,
          seenAt,
        },
        {
          printerId,
          path: "/usb/BOX.GCO",
          name: "BOX.GCO",
          type: "print",
          size: 44n,
          seenAt,
          sha256: "a".repeat(64),
        },
      ],
    });
    await database.db.storedFile.create({ data: { sha256: "a".repeat(64), size: 44n } });
    const { files, listedAt } = await viewer().files.list({ printerId });
    expect(files.map((f) => [f.name, f.size, f.stored])).toEqual([
      ["BOX.GCO", 44, true],
      ["painting_cone.bgcode", 70_000, false],
    ]);
    expect(listedAt).toEqual(seenAt);

    const cone = files.find((f) => f.name === "painting_cone.bgcode")!;
    const pending = await operator().files.download({ fileId: cone.id });
    expect(pending).toMatchObject({
      fileName: "painting_cone.bgcode",
      commandId: expect.any(String) as string,
    });
    expect(
      await database.db.printerCommand.findUniqueOrThrow({ where: { id: pending.commandId! } }),
    ).toMatchObject({ kind: "download_file", payload: { path: "/usb/PAINTI~1.BGC" } });
    const ready = await operator().files.download({ fileId: files[0]!.id });
    expect(ready).toMatchObject({ fileName: "BOX.GCO", commandId: null });
    expect(await codeOf(operator().files.download({ fileId: "gone" }))).toMatch(/^NOT_FOUND/);
  });

  it("lets an operator reconnect an offline printer now and reports what the attempt found; viewers may not", async () => {
    await setLive("offline", { connected: false });
    // the earlier tests' commands are over
    await database.db.printerCommand.updateMany({
      where: { status: "pending" },
      data: { status: "expired" },
    });
    expect(await codeOf(viewer().printer.command({ printerId, kind: "reconnect" }))).toMatch(/^FORBIDDEN/);
    const { commandId } = await operator().printer.command({ printerId, kind: "reconnect" });
    expect(await viewer().command.get({ commandId })).toMatchObject({ kind: "reconnect", reconnect: null });
    await finishCommand(
      database.db,
      { id: commandId, kind: "reconnect" },
      {
        status: "done",
        result: { connected: false, message: "The printer did not answer at 10.0.0.5 (connection refused)." },
      },
    );
    expect(await viewer().command.get({ commandId })).toMatchObject({
      status: "done",
      reconnect: {
        connected: false,
        message: "The printer did not answer at 10.0.0.5 (connection refused).",
      },
    });
    const again = await operator().printer.command({ printerId, kind: "reconnect" });
    await finishCommand(
      database.db,
      { id: again.commandId, kind: "reconnect" },
      { status: "done", result: { connected: true } },
    );
    expect(await viewer().command.get({ commandId: again.commandId })).toMatchObject({
      reconnect: { connected: true },
    });
  });
});
