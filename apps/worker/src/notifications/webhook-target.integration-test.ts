// What the dispatcher sends where, and what a failure leaves behind: loopback, link-local and
// unspecified targets are refused before any connection (numeric IP forms and names resolving
// to loopback included), and a failed delivery records a short classified reason, never the
// URL's user info or token, nor what the target answered (in the row and in the log).
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { createLogger } from "@printernizer/logger";
import { testCipher, until } from "../../test/helpers";
import { WebhookDispatcher } from "./webhook-dispatcher";

describe("webhook targets and failure reasons", () => {
  let database: TestDatabase;
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  let mode: "500" | "hang" = "500";
  const logLines: string[] = [];
  const logger = createLogger({
    name: "webhook-test",
    level: "debug",
    destination: new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    }),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    server = createServer((_req, res) => {
      if (mode === "500")
        res
          .writeHead(500, { "content-type": "text/html" })
          .end("<html>internal dump SECRET-BODY stack trace</html>");
      // "hang": never answers
    });
    server.on("connection", (socket) => sockets.push(socket));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    server.close();
    await database.drop();
  });

  async function deliver(url: string, options: ConstructorParameters<typeof WebhookDispatcher>[3] = {}) {
    const db = database.db;
    const hook = await db.webhook.create({
      data: {
        name: url.slice(0, 60),
        format: "generic",
        url: testCipher.encrypt(url),
        urlHint: "x",
      },
    });
    await db.webhookDelivery.create({ data: { webhookId: hook.id, eventType: "test", payload: {} } });
    const dispatcher = new WebhookDispatcher(db, testCipher, logger, {
      pollMs: 30,
      retryBaseMs: 10,
      ...options,
    });
    dispatcher.start();
    try {
      return await until(`delivery to ${url} settled`, () =>
        db.webhookDelivery.findFirst({ where: { webhookId: hook.id, status: "failed" } }),
      );
    } finally {
      await dispatcher.stop();
    }
  }

  it("refuses loopback, link-local and unspecified targets in any form by default, without connecting and without retrying", async () => {
    const before = sockets.length;
    const targets = [
      [`http://127.0.0.1:${port}/a`, "refused: 127.0.0.1 is a loopback address (this machine)"],
      [`http://2130706433:${port}/b`, "refused: 127.0.0.1 is a loopback address (this machine)"],
      [`http://0x7f.1:${port}/c`, "refused: 127.0.0.1 is a loopback address (this machine)"],
      [`http://[::ffff:127.0.0.1]:${port}/d`, "refused: ::ffff:7f00:1 is a loopback address (this machine)"],
      // a name, not a literal: refused on the addresses it resolves to when sending (DNS rebinding)
      [`http://localhost:${port}/e`, /^refused: (127\.0\.0\.1|::1) is a loopback address/],
      ["http://169.254.169.254/latest/meta-data", "refused: 169.254.169.254 is a link-local address"],
      [`http://0.0.0.0:${port}/f`, "refused: 0.0.0.0 is an unspecified address"],
    ] as const;
    for (const [url, reason] of targets) {
      const failed = await deliver(url);
      expect(failed.attempts, url).toBe(1);
      if (typeof reason === "string") expect(failed.lastError, url).toBe(reason);
      else expect(failed.lastError, url).toMatch(reason);
    }
    expect(sockets.length).toBe(before);
  });

  it("records HTTP 500 without the body, and keeps user info and tokens out of the row and the log", async () => {
    mode = "500";
    const failed = await deliver(`http://bob:hunter2@127.0.0.1:${port}/hook?token=t0k3n`, {
      targets: { allowLoopback: true },
    });
    expect(failed).toMatchObject({ lastError: "HTTP 500", responseStatus: 500, attempts: 5 });
    const refused = await deliver(`http://bob:hunter2@127.0.0.1:1/hook?token=t0k3n`, {
      targets: { allowLoopback: true },
    });
    expect(refused.lastError).toBe("connection refused");
    const log = logLines.join("");
    expect(log).toContain("webhook delivery failed");
    for (const secret of ["hunter2", "t0k3n", "SECRET-BODY", "bob"]) expect(log).not.toContain(secret);
  });

  it("gives up at once on an address that cannot be decrypted", async () => {
    const db = database.db;
    const hook = await db.webhook.create({
      data: {
        name: "sealed with another key",
        format: "generic",
        url: "not-a-sealed-value",
        urlHint: "x",
      },
    });
    await db.webhookDelivery.create({ data: { webhookId: hook.id, eventType: "test", payload: {} } });
    const dispatcher = new WebhookDispatcher(db, testCipher, logger, { pollMs: 30, retryBaseMs: 10 });
    dispatcher.start();
    try {
      const failed = await until("undecryptable delivery settled", () =>
        db.webhookDelivery.findFirst({ where: { webhookId: hook.id, status: "failed" } }),
      );
      expect(failed).toMatchObject({
        attempts: 1,
        lastError: "the stored address cannot be decrypted (was PRINTERNIZER_SECRET changed?)",
      });
    } finally {
      await dispatcher.stop();
    }
  });

  it("classifies a target that never answers as timed out", async () => {
    mode = "hang";
    const failed = await deliver(`http://127.0.0.1:${port}/slow`, {
      targets: { allowLoopback: true },
      timeoutMs: 200,
    });
    expect(failed.lastError).toBe("timed out");
  });
});
