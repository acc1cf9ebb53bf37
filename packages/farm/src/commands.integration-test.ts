// requestCommand checks the payload against its kind before anything is queued, and the
// worker-side queue hands out commands typed by kind (a migrated Postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { CommandPayloadError } from "./command-contract";
import { claimNextCommand, expireOverdueCommands, finishCommand } from "./command-queue";
import { requestCommand, waitForCommand } from "./commands";

let database: TestDatabase;
let printerId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  printerId = (
    await database.db.printer.create({
      data: { kind: "prusalink", name: "P1", host: "127.0.0.1", credentials: "sealed", settings: {} },
    })
  ).id;
});
afterAll(async () => database?.drop());

describe("requestCommand", () => {
  it("refuses a payload that does not fit its kind with a readable message, and queues nothing", async () => {
    const bad = { kind: "download_file", printerId, payload: { path: "" } } as const;
    await expect(requestCommand(database.db, bad)).rejects.toThrow(CommandPayloadError);
    await expect(requestCommand(database.db, bad)).rejects.toThrow(
      "The download_file command's payload does not fit: path: Which file? The command has no file path.",
    );
    expect(await database.db.printerCommand.count()).toBe(0);
  });
});

describe("the worker's queue", () => {
  it("claims a command typed by kind, records its typed result, and claims nothing twice", async () => {
    const requested = await requestCommand(database.db, {
      kind: "download_file",
      printerId,
      payload: { path: "/usb/a.gcode" },
    });
    const claimed = await claimNextCommand(database.db, { workerId: "w1", ownedPrinterIds: [printerId] });
    expect(claimed).toEqual({
      id: requested.id,
      kind: "download_file",
      printerId,
      requestedById: null,
      payload: { path: "/usb/a.gcode" },
    });
    expect(
      await claimNextCommand(database.db, { workerId: "w2", ownedPrinterIds: [printerId] }),
    ).toBeUndefined();
    await finishCommand(
      database.db,
      { id: requested.id, kind: "download_file" },
      { status: "done", result: { sha256: "ab", size: 1, fileName: "a.gcode", reused: false } },
    );
    expect(await waitForCommand(database.db, requested.id)).toMatchObject({
      status: "done",
      claimedBy: "w1",
      result: { fileName: "a.gcode" },
    });
  });

  it("claims only commands of printers it owns", async () => {
    const command = await requestCommand(database.db, { kind: "pause", printerId });
    expect(await claimNextCommand(database.db, { workerId: "w1", ownedPrinterIds: [] })).toBeUndefined();
    expect(
      await claimNextCommand(database.db, { workerId: "w1", ownedPrinterIds: [printerId] }),
    ).toMatchObject({ id: command.id, kind: "pause", payload: {} });
    await finishCommand(
      database.db,
      { id: command.id, kind: "pause" },
      { status: "failed", error: "the printer said no", errorKind: "conflict" },
    );
    expect(await database.db.printerCommand.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "failed",
      error: "the printer said no",
      errorKind: "conflict",
    });
  });

  it("fails a claimed row whose payload does not fit, and returns it as refused", async () => {
    const row = await database.db.printerCommand.create({
      data: {
        kind: "download_file",
        printerId,
        payload: { path: ["not", "text"] },
        expiresAt: new Date(Date.now() + 30_000),
      },
    });
    const claimed = await claimNextCommand(database.db, { workerId: "w1", ownedPrinterIds: [printerId] });
    expect(claimed).toMatchObject({
      id: row.id,
      kind: "download_file",
      refused: expect.stringMatching(/payload does not fit: path:/),
    });
    expect(await database.db.printerCommand.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "failed",
      errorKind: "protocol",
    });
  });

  it("records a result that does not fit its kind as a failure, not as the result", async () => {
    const command = await requestCommand(database.db, { kind: "refresh_files", printerId });
    await claimNextCommand(database.db, { workerId: "w1", ownedPrinterIds: [printerId] });
    await finishCommand(
      database.db,
      { id: command.id, kind: "refresh_files" },
      { status: "done", result: { files: -3 } },
    );
    expect(await database.db.printerCommand.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "failed",
      errorKind: "internal",
      result: null,
    });
  });

  it("expires commands nobody claimed in time", async () => {
    const command = await requestCommand(database.db, { kind: "resume", printerId, timeoutMs: -1_000 });
    expect(await expireOverdueCommands(database.db)).toEqual([command.id]);
    expect(await database.db.printerCommand.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "expired",
      error: expect.stringMatching(/No worker is connected/),
    });
  });
});
