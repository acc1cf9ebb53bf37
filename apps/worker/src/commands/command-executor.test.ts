// The executor runs each claimed command detached from the claim loop: when recording the
// outcome fails (the database went away meanwhile), it must log, not leave an unhandled
// rejection (which ends a Node process).
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import type { PrinterAdapter } from "@printernizer/printers";
import type { FileService } from "../files/file-service";
import type { FleetSupervisor } from "../fleet/fleet-supervisor";
import { CommandExecutor } from "./command-executor";

describe("CommandExecutor", () => {
  it("logs an outcome it could not record instead of rejecting unhandled", async () => {
    const claimed = {
      id: "cmd_1",
      kind: "pause",
      printerId: "p1",
      requestedById: null,
      payload: {},
    };
    let claims = 0;
    const db = {
      // expireOverdueCommands, then claimNextCommand: one claim, then none left
      $queryRaw: vi.fn((strings: TemplateStringsArray) =>
        Promise.resolve(strings.join("").includes("'claimed'") && claims++ === 0 ? [claimed] : []),
      ),
      printerCommand: { update: vi.fn(() => Promise.reject(new Error("database unreachable"))) },
      $executeRawUnsafe: vi.fn(() => Promise.resolve(0)),
    } as unknown as Db;
    const adapter = { pauseJob: vi.fn(() => Promise.resolve()) } as unknown as PrinterAdapter;
    const fleet = {
      ownedPrinterIds: () => ["p1"],
      adapter: () => adapter,
    } as unknown as FleetSupervisor;
    const warn = vi.fn();
    const logger = { warn, info: vi.fn(), debug: vi.fn(), child: () => logger } as unknown as Logger;
    const executor = new CommandExecutor({
      db,
      workerId: "w1",
      fleet,
      kinds: {},
      cipher: {} as CredentialCipher,
      files: {} as FileService,
      logger,
      pollMs: 60_000,
    });
    executor.start();
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ commandId: "cmd_1" }),
        "command outcome not recorded",
      ),
    );
    await executor.stop();
    expect(adapter.pauseJob).toHaveBeenCalledOnce();
  });
});
