// A command row whose payload does not fit its kind (written around requestCommand, or by an
// older version) is failed by the worker with the reason, and the worker goes on executing
// the next command: the real executor and a migrated Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@printernizer/db";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { parseCommandResult } from "@printernizer/farm/command-contract";
import { requestCommand } from "@printernizer/farm/commands";
import { printerKinds } from "@printernizer/printers/registry";
import { insertPrinter, quietLogger, testCipher, until } from "../../test/helpers";
import type { FileService } from "../files/file-service";
import type { FleetSupervisor } from "../fleet/fleet-supervisor";
import { CommandExecutor } from "./command-executor";

describe("command rows whose payload does not fit", () => {
  let database: TestDatabase;
  let executor: CommandExecutor;
  let printerId: string;
  const executed: { kind: string; ok: boolean }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    printerId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: "Owned, no adapter",
        host: "127.0.0.1",
        credentials: { password: "pw-12345" },
      })
    ).id;
    // the worker owns the printer (so claims its commands) but has no adapter for it
    const fleet = {
      ownedPrinterIds: () => [printerId],
      adapter: () => undefined,
    } as unknown as FleetSupervisor;
    executor = new CommandExecutor({
      db: database.db,
      workerId: "w-test",
      fleet,
      files: {} as FileService,
      kinds: printerKinds,
      cipher: testCipher,
      logger: quietLogger,
      pollMs: 50,
      onExecuted: (kind, _ms, ok) => executed.push({ kind, ok }),
    });
    executor.start();
  });
  afterAll(async () => {
    await executor?.stop();
    await database?.drop();
  });

  /** Inserts a row as something other than requestCommand would (no payload check). */
  function insertRaw(
    kind: "pause" | "download_file" | "test_connection",
    payload: Prisma.InputJsonValue,
    forPrinter = true,
  ) {
    return database.db.printerCommand.create({
      data: {
        kind,
        printerId: forPrinter ? printerId : null,
        payload,
        expiresAt: new Date(Date.now() + 30_000),
      },
    });
  }

  function finished(id: string) {
    return until("command finished", () =>
      database.db.printerCommand.findFirst({ where: { id, status: { in: ["done", "failed"] } } }),
    );
  }

  it("fails a download_file row whose path is not text, with the reason, instead of crashing", async () => {
    const row = await insertRaw("download_file", { path: 42 });
    const done = await finished(row.id);
    expect(done).toMatchObject({ status: "failed", errorKind: "protocol", claimedBy: "w-test" });
    expect(done.error).toMatch(/download_file command's payload does not fit: path:/);
  });

  it("fails a pause row whose payload is not even an object, and a connection test without host or credentials", async () => {
    const pause = await insertRaw("pause", [1, 2, 3]);
    const test = await insertRaw("test_connection", { kind: "prusalink", host: 7 }, false);
    expect(await finished(pause.id)).toMatchObject({
      status: "failed",
      errorKind: "protocol",
      error: expect.stringMatching(/pause command's payload does not fit/),
    });
    const failedTest = await finished(test.id);
    expect(failedTest).toMatchObject({ status: "failed", errorKind: "protocol" });
    expect(failedTest.error).toMatch(/host: .*credentials: The connection test has no credentials/);
    expect(failedTest.error).not.toContain("pw-12345");
  });

  it("keeps executing: a well-formed command after the refused ones runs to its result", async () => {
    const command = await requestCommand(database.db, {
      kind: "test_connection",
      payload: {
        kind: "prusalink",
        host: "127.0.0.1",
        port: 1,
        credentials: testCipher.encryptJson({ password: "pw-12345" }),
      },
    });
    const done = await finished(command.id);
    expect(done.status).toBe("done");
    expect(parseCommandResult("test_connection", done.result)).toMatchObject({
      ok: false,
      reason: "unreachable",
    });
    expect(executed.filter((e) => !e.ok).length).toBeGreaterThanOrEqual(3);
  });
});
