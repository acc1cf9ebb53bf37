// What the new owner of a printer does with starts and stagings a dead worker left claimed
// (real Postgres; the printer's answer is given as the adapter would read it): pending or
// uploading starts fail and give their queue copy back; a `starting` one is settled by asking the
// printer (its job of that file: started; anything else: failed; no answer yet: wait); a live
// worker's claims are never touched; a dead worker's staging fails with its StagedFile row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrintStartStatus } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { createPrintStart } from "@printernizer/farm/print-starts";
import type { PrinterStatus } from "@printernizer/printers";
import { settleOrphanedStarts } from "../src/dispatch/orphaned-starts";

const idle: PrinterStatus = {
  state: "idle",
  temperatures: {},
  filament: [],
  errors: [],
  lastCommunication: new Date(),
};
const printing = (name: string): PrinterStatus => ({
  ...idle,
  state: "printing",
  job: { id: "1", name, state: "PRINTING" },
});

describe("starts and stagings a dead worker left behind", () => {
  let database: TestDatabase;
  const db = () => database.db;
  const printers: string[] = [];
  let fileId: string;
  let entryId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const old = new Date(Date.now() - 60_000);
    await db().workerNode.create({
      data: { id: "dead", hostname: "h", pid: 1, version: "t", startedAt: old, lastHeartbeat: old },
    });
    // alive: heartbeating, and running since before it claimed (a claim from before its start would be orphaned too)
    await db().workerNode.create({
      data: { id: "alive", hostname: "h", pid: 2, version: "t", startedAt: new Date(Date.now() - 600_000) },
    });
    for (let i = 0; i < 6; i++)
      printers.push(
        (
          await db().printer.create({
            data: { kind: "bambu", name: `P${i}`, host: `10.0.0.${i}`, credentials: "x" },
          })
        ).id,
      );
    fileId = (
      await db().libraryFile.create({
        data: { sha256: "c".repeat(64), name: "Clip.gcode.3mf", format: "3mf", size: 100n, metadata: {} },
      })
    ).id;
    entryId = (
      await db().queueEntry.create({
        data: { libraryFileId: fileId, copies: 6, copiesStarted: 5, position: 1 },
      })
    ).id;
  });
  afterAll(async () => database.drop());

  async function startOn(printer: number, status: PrintStartStatus, claimedBy: string) {
    const start = await createPrintStart(db(), {
      printerId: printers[printer]!,
      libraryFileId: fileId,
      remoteName: "Clip.gcode.3mf",
      queueEntryId: entryId,
    });
    await db().printStart.update({ where: { id: start.id }, data: { status } });
    await db().printerCommand.update({
      where: { id: start.commandId! },
      data: { status: "claimed", claimedBy, claimedAt: new Date(Date.now() - 30_000) },
    });
    return start;
  }

  it("settles each as the printer's state says, and leaves a live worker's claims alone", async () => {
    const uploading = await startOn(0, "uploading", "dead");
    const reached = await startOn(1, "starting", "dead");
    const lost = await startOn(2, "starting", "dead");
    const unanswered = await startOn(3, "starting", "dead");
    const live = await startOn(4, "uploading", "alive");
    const stage = await db().printerCommand.create({
      data: {
        kind: "stage_file",
        printerId: printers[5]!,
        payload: { libraryFileId: fileId },
        status: "claimed",
        claimedBy: "dead",
        claimedAt: new Date(Date.now() - 30_000),
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await db().stagedFile.create({
      data: {
        printerId: printers[5]!,
        sha256: "c".repeat(64),
        remoteName: "Clip.gcode.3mf",
        status: "uploading",
      },
    });
    const answers = new Map([
      [printers[1], printing("Clip")],
      [printers[2], idle],
    ]);
    const settled = await settleOrphanedStarts(db(), printers, async (id) => answers.get(id));
    expect(settled).toBe(5); // 3 starts (a fourth waits for an answer) + the staging command + its row

    const statusOf = async (id: string) => {
      const start = await db().printStart.findUniqueOrThrow({ where: { id } });
      const command = await db().printerCommand.findUniqueOrThrow({ where: { id: start.commandId! } });
      return [start.status, command.status];
    };
    expect(await statusOf(uploading.id)).toEqual(["failed", "failed"]);
    expect(await statusOf(reached.id)).toEqual(["started", "done"]);
    expect(await statusOf(lost.id)).toEqual(["failed", "failed"]);
    expect(await statusOf(unanswered.id)).toEqual(["starting", "claimed"]);
    expect(await statusOf(live.id)).toEqual(["uploading", "claimed"]);
    expect((await db().printStart.findUniqueOrThrow({ where: { id: uploading.id } })).error).toBe(
      "The worker sending this print (dead) stopped before it finished; the printer did not start it.",
    );
    // two copies came back (the upload and the start that never arrived)
    expect(await db().queueEntry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({
      copiesStarted: 3,
      lastError:
        "The worker sending this print (dead) stopped before it finished; the printer did not start it.",
    });
    expect(await db().printerCommand.findUniqueOrThrow({ where: { id: stage.id } })).toMatchObject({
      status: "failed",
      errorKind: "interrupted",
    });
    expect(
      await db().stagedFile.findUniqueOrThrow({
        where: { printerId_sha256: { printerId: printers[5]!, sha256: "c".repeat(64) } },
      }),
    ).toMatchObject({ status: "failed" });

    // once the printer answers, the last one is settled too; nothing else changes
    answers.set(printers[3], idle);
    expect(await settleOrphanedStarts(db(), printers, async (id) => answers.get(id))).toBe(1);
    expect(await statusOf(unanswered.id)).toEqual(["failed", "failed"]);
    expect(await settleOrphanedStarts(db(), printers, async (id) => answers.get(id))).toBe(0);
  });
});
