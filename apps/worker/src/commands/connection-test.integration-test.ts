// A connection test pointed at something that is not a printer (a router's admin page, any web
// server) shows a short classified reason, never the page: the real executor, the real
// PrusaLink adapter, a migrated Postgres and a real HTTP server answering with a big HTML page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandResult } from "@printernizer/farm/command-contract";
import { requestCommand } from "@printernizer/farm/commands";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { TestConnectionResult } from "@printernizer/printers";
import { printerKinds } from "@printernizer/printers/registry";
import { quietLogger, testCipher, until } from "../../test/helpers";
import type { FileService } from "../files/file-service";
import type { FleetSupervisor } from "../fleet/fleet-supervisor";
import { CommandExecutor } from "./command-executor";
import { printerQuoteMax } from "./connection-summary";

const page = `<html><head><script>alert(1)</script></head><body>${"Router admin login. ".repeat(60)}INTERNAL-TAIL-MARKER</body></html>`;

describe("connection test results", () => {
  let database: TestDatabase;
  let server: Server;
  let port: number;
  let status = 200;
  let executor: CommandExecutor;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = createServer((_req, res) => res.writeHead(status, { "content-type": "text/html" }).end(page));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    // a worker that owns no printers: an unsaved printer's test needs neither the fleet nor the file store
    const noFleet = { ownedPrinterIds: () => [], adapter: () => undefined } as unknown as FleetSupervisor;
    executor = new CommandExecutor({
      db: database.db,
      workerId: "w-test",
      fleet: noFleet,
      files: {} as FileService,
      kinds: printerKinds,
      cipher: testCipher,
      logger: quietLogger,
      pollMs: 50,
    });
    executor.start();
  });
  afterAll(async () => {
    await executor?.stop();
    server?.close();
    await database?.drop();
  });

  async function testConnection(): Promise<{
    status: string;
    result: TestConnectionResult | null;
    error: string | null;
  }> {
    const command = await requestCommand(database.db, {
      kind: "test_connection",
      payload: {
        kind: "prusalink",
        host: "127.0.0.1",
        port,
        credentials: testCipher.encryptJson({ password: "pw-12345" }),
        settings: {},
      },
    });
    const done = await until("test finished", () =>
      database.db.printerCommand.findFirst({ where: { id: command.id, status: { in: ["done", "failed"] } } }),
    );
    return {
      status: done.status,
      result: parseCommandResult("test_connection", done.result),
      error: done.error,
    };
  }

  for (const answer of [200, 401, 500]) {
    it(`shows a classified reason and at most a short plain quote when a web page answers with HTTP ${answer}`, async () => {
      status = answer;
      const outcome = await testConnection();
      const text = outcome.result && !outcome.result.ok ? outcome.result.message : (outcome.error ?? "");
      expect(outcome.result?.ok ?? false).toBe(false);
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(60 + printerQuoteMax + 3);
      expect(text).not.toMatch(/[<>]|alert|INTERNAL-TAIL-MARKER/);
    });
  }
});
