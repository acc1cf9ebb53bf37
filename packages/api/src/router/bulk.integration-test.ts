import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrinterState, Prisma } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { finishCommand } from "@printernizer/farm/command-queue";
import { callerFor, codeOf, testCipher } from "../testing/callers";

const mk4File = {
  format: "bgcode",
  printerModel: "MK4",
  nozzleDiameter: 0.4,
  filaments: [{ index: 1, type: "PLA" }],
  plates: [],
  warnings: [],
};

describe("bulk actions: per-printer results, refusals do not stop the others, audited", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  const ids: Record<string, string> = {};
  const operator = () => callerFor(database.db, "operator", cipher);
  const viewer = () => callerFor(database.db, "viewer", cipher);

  async function printer(name: string, model: string, state: PrinterState, connected = true) {
    const job = state === "printing" || state === "paused";
    const row = await database.db.printer.create({
      data: { kind: "prusalink", name, host: "10.72.0.1", model, credentials: "sealed" },
    });
    const status = {
      state,
      temperatures: {},
      filament: [],
      errors: [],
      ...(job ? { job: { id: "7", name: "cone.bgcode", state: "PRINTING" } } : {}),
    };
    await database.db.liveStatus.create({
      data: {
        printerId: row.id,
        state,
        rawState: state.toUpperCase(),
        connected,
        jobName: job ? "cone.bgcode" : null,
        status,
        stateChangedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    ids[name] = row.id;
  }

  const audits = (action: string) =>
    database.db.auditLog.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    database = await createTestDatabase();
    await printer("Rack A1", "MK4", "printing");
    await printer("Rack A2", "MK4", "idle");
    await printer("Rack A3", "MK4", "paused");
    await printer("Rack A4", "MK4", "printing", false);
    await printer("Rack B1", "MK4", "idle");
    await printer("Rack B2", "MK4", "idle");
    await printer("Rack B3", "MINI", "idle");
    await printer("Gone", "MK4", "printing");
  });
  afterAll(async () => database.drop());

  it("pauses the printing printers, reports each refused one with its reason, and removed ids", async () => {
    await database.db.printer.delete({ where: { id: ids.Gone! } });
    const { results } = await operator().bulk.pause({
      printerIds: [
        ids["Rack A1"]!,
        ids["Rack A2"]!,
        ids["Rack A3"]!,
        ids["Rack A4"]!,
        ids.Gone!,
        ids["Rack A1"]!,
      ],
    });
    expect(results.map((r) => [r.name, r.outcome, r.message])).toEqual([
      ["Rack A1", "sent", "Pause sent; waiting for the printer."],
      ["Rack A2", "refused", "Only a running print can be paused; the printer is idle."],
      ["Rack A3", "refused", "Only a running print can be paused; the printer is paused."],
      ["Rack A4", "refused", "The printer is not connected right now, so it cannot take commands."],
      [null, "removed", "There is no such printer any more; it may have been removed."],
    ]);
    const command = await database.db.printerCommand.findUniqueOrThrow({
      where: { id: results[0]!.commandId! },
    });
    expect(command).toMatchObject({
      kind: "pause",
      printerId: ids["Rack A1"],
      requestedById: "test-operator",
    });
    expect(await database.db.printerCommand.count()).toBe(1);

    // a few printers are handled at once: their audit rows may land in any order
    const rows = (await audits("printer.pause")).sort((a, b) => a.targetLabel!.localeCompare(b.targetLabel!));
    expect(rows.map((r) => [r.targetLabel, r.outcome, r.actorId])).toEqual([
      ["Rack A1", "success", "test-operator"],
      ["Rack A2", "failure", "test-operator"],
      ["Rack A3", "failure", "test-operator"],
      ["Rack A4", "failure", "test-operator"],
    ]);
    expect(rows[1]!.details).toMatchObject({ bulk: true, reason: expect.stringContaining("idle") });

    // another control while the pause is on its way is refused for that printer only
    const again = await operator().bulk.cancel({ printerIds: [ids["Rack A1"]!, ids["Rack A3"]!] });
    expect(again.results.map((r) => r.outcome)).toEqual(["refused", "sent"]);
    expect(again.results[0]!.message).toBe(
      "A pause command is still on its way to this printer; wait until it is done.",
    );
  });

  it("follows the sent commands to done or failed with the printer's reason", async () => {
    const pause = await database.db.printerCommand.findFirstOrThrow({ where: { kind: "pause" } });
    const cancel = await database.db.printerCommand.findFirstOrThrow({ where: { kind: "cancel" } });
    await database.db.printerCommand.updateMany({ data: { status: "claimed", claimedAt: new Date() } });
    await finishCommand(database.db, pause, {
      status: "failed",
      error: "The printer refused: busy",
      errorKind: "conflict",
    });
    const progress = await viewer().bulk.progress({ commandIds: [pause.id, cancel.id] });
    expect(progress).toEqual(
      expect.arrayContaining([
        { id: pause.id, printerId: ids["Rack A1"], status: "failed", error: "The printer refused: busy" },
        { id: cancel.id, printerId: ids["Rack A3"], status: "claimed", error: null },
      ]),
    );
    expect(progress).toHaveLength(2);
  });

  it("sends one copy of a queue entry to each ready printer; the others say why and keep their copy", async () => {
    const file = await database.db.libraryFile.create({
      data: {
        sha256: "c".repeat(64),
        name: "cone.bgcode",
        format: "bgcode",
        size: 1_000,
        metadata: mk4File as unknown as Prisma.InputJsonObject,
      },
    });
    await database.db.printer.update({
      where: { id: ids["Rack B2"] },
      data: { awaitingPlateClearSince: new Date() },
    });
    const { entryId } = await operator().queue.add({
      libraryFileId: file.id,
      copies: 2,
      target: { target: "any" },
    });
    const { results } = await operator().bulk.sendQueued({
      queueEntryId: entryId,
      printerIds: [ids["Rack B1"]!, ids["Rack B2"]!, ids["Rack B3"]!, ids["Rack A1"]!, "no-such-printer"],
    });
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      ["Rack B1", "sent"],
      ["Rack B2", "refused"],
      ["Rack B3", "refused"],
      ["Rack A1", "refused"],
      [null, "removed"],
    ]);
    expect(results[1]!.message).toMatch(/plate/i);
    expect(results[2]!.message).toMatch(/MK4.*MINI|MINI/);
    expect(results[3]!.message).toMatch(/^Not started: /);
    const starts = await database.db.printStart.findMany({ where: { queueEntryId: entryId } });
    expect(starts.map((s) => s.printerId)).toEqual([ids["Rack B1"]]);
    expect(starts[0]!.reason).toBe("Sent to the selected printers by Test operator.");
    const entry = await database.db.queueEntry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry.copiesStarted).toBe(1);
    expect((await audits("queue.send")).map((r) => [r.targetLabel, r.outcome])).toEqual([
      ["Rack B1", "success"],
      ["Rack B2", "failure"],
      ["Rack B3", "failure"],
      ["Rack A1", "failure"],
    ]);

    // no copies left: refused per printer, nothing started
    await database.db.queueEntry.update({ where: { id: entryId }, data: { copies: 1 } });
    const none = await operator().bulk.sendQueued({ queueEntryId: entryId, printerIds: [ids["Rack A2"]!] });
    expect(none.results[0]).toMatchObject({
      outcome: "refused",
      message: expect.stringMatching(/started already/),
    });
    expect(
      await codeOf(operator().bulk.sendQueued({ queueEntryId: "gone", printerIds: [ids["Rack A2"]!] })),
    ).toMatch(/^NOT_FOUND: There is no such queue entry/);
  });

  it("refuses viewers, empty selections and more than 500 printers", async () => {
    expect(await codeOf(viewer().bulk.pause({ printerIds: [ids["Rack A1"]!] }))).toMatch(/^FORBIDDEN/);
    expect(await codeOf(viewer().bulk.sendQueued({ queueEntryId: "x", printerIds: ["y"] }))).toMatch(
      /^FORBIDDEN/,
    );
    expect(await codeOf(operator().bulk.pause({ printerIds: [] }))).toMatch(
      /^BAD_REQUEST: .*Select at least one printer\./s,
    );
    const many = Array.from({ length: 501 }, (_, i) => `p${i}`);
    expect(await codeOf(operator().bulk.cancel({ printerIds: many }))).toMatch(/at most 500 printers/);
  });
});
