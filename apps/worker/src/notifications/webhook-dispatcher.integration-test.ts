import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { insertChannel, insertPrinter, quietLogger, testCipher, until } from "../../test/helpers";
import { PersistencePipeline } from "../persistence/persistence-pipeline";
import { WebhookDispatcher } from "./webhook-dispatcher";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const allowLoopback = { allowLoopback: true };

describe("webhooks", () => {
  let database: TestDatabase;
  let server: Server;
  let base: string;
  const received: Received[] = [];
  let failNext = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end("busy");
          return;
        }
        received.push({ path: req.url ?? "", headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.drop();
  });

  it("queues a delivery per subscribed webhook with the event, and sends each format with retries", async () => {
    const db = database.db;
    const printer = await insertPrinter(db, {
      kind: "bambu",
      name: "X1C Left",
      host: "127.0.0.1",
      serial: "S1",
      credentials: { accessCode: "12345678" },
    });
    const hook = (name: string, format: "generic" | "discord" | "ntfy", events: string[]) =>
      insertChannel(db, { name, format, url: testCipher.encrypt(`${base}/${name}?token=secret`) }, events);
    await hook("generic", "generic", ["job_completed", "job_failed"]);
    await hook("discord", "discord", ["job_completed"]);
    await hook("ntfy", "ntfy", ["job_failed"]);
    await insertChannel(
      db,
      { name: "off", format: "generic", url: testCipher.encrypt(`${base}/off`), enabled: false },
      ["job_completed"],
    );

    const pipeline = new PersistencePipeline(db, "w1", quietLogger, { flushIntervalMs: 50 });
    pipeline.start();
    await pipeline.attach(printer.id);
    const job = {
      id: "9",
      name: "plate_1.gcode",
      displayName: "Benchy",
      state: "COMPLETED" as const,
      progress: 100,
    };
    pipeline.publish({
      printerId: printer.id,
      at: new Date(),
      event: { type: "job_started", job: { ...job, state: "PRINTING" } },
    });
    pipeline.publish({ printerId: printer.id, at: new Date(), event: { type: "job_completed", job } });
    await pipeline.stop();
    const queued = await db.webhookDelivery.findMany({ include: { webhook: true } });
    expect(queued.map((d) => d.webhook.name).sort()).toEqual(["discord", "generic"]);

    failNext = 1; // the first attempt meets a 503 and is retried
    const dispatcher = new WebhookDispatcher(db, testCipher, quietLogger, {
      pollMs: 50,
      retryBaseMs: 100,
      targets: allowLoopback,
    });
    dispatcher.start();
    await until(
      "both delivered",
      async () => (await db.webhookDelivery.count({ where: { status: "sent" } })) === 2,
    );

    const generic = received.find((r) => r.path.startsWith("/generic"))!;
    expect(generic.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(generic.body)).toMatchObject({
      event: "job_completed",
      title: "Print finished on X1C Left",
      printer: { name: "X1C Left" },
      data: { job: { displayName: "Benchy" } },
    });
    const discord = received.find((r) => r.path.startsWith("/discord"))!;
    expect(JSON.parse(discord.body)).toMatchObject({
      content: "**Print finished on X1C Left**\nBenchy completed.",
    });
    const retried = await db.webhookDelivery.findFirstOrThrow({ where: { attempts: 2 } });
    expect(retried).toMatchObject({ status: "sent", responseStatus: 204, lastError: null });

    // a failed job goes to generic and ntfy
    const pipeline2 = new PersistencePipeline(db, "w1", quietLogger, { flushIntervalMs: 50 });
    pipeline2.start();
    await pipeline2.attach(printer.id);
    pipeline2.publish({
      printerId: printer.id,
      at: new Date(),
      event: { type: "job_failed", job: { ...job, id: "10", state: "FAILED" } },
    });
    await pipeline2.stop();
    await until("ntfy delivered", async () => received.find((r) => r.path.startsWith("/ntfy")));
    const ntfy = received.find((r) => r.path.startsWith("/ntfy"))!;
    expect(ntfy.headers.title).toBe("Print failed on X1C Left");
    expect(ntfy.headers.priority).toBe("high");
    expect(ntfy.body).toBe("Benchy failed.");
    await dispatcher.stop();
  });

  it("gives up after five attempts and records why", async () => {
    const db = database.db;
    const hook = await db.webhook.create({
      data: {
        name: "dead",
        format: "generic",
        url: testCipher.encrypt("http://127.0.0.1:1/nothing-listens"),
        urlHint: "127.0.0.1",
      },
    });
    await db.webhookDelivery.create({ data: { webhookId: hook.id, eventType: "test", payload: {} } });
    const dispatcher = new WebhookDispatcher(db, testCipher, quietLogger, {
      pollMs: 30,
      retryBaseMs: 10,
      targets: allowLoopback,
    });
    dispatcher.start();
    const failed = await until("failed delivery", () =>
      db.webhookDelivery.findFirst({ where: { webhookId: hook.id, status: "failed" } }),
    );
    await dispatcher.stop();
    expect(failed.attempts).toBe(5);
    expect(failed.lastError).toBe("connection refused");
  });
});
