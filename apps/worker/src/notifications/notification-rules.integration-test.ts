// Notification rules against a real migrated PostgreSQL and receivers on 127.73.x loopback
// addresses: an offline event reaches only the channel whose rule covers the printer; the generic
// webhook's HMAC-SHA256 signature verifies; a local SMTP sink receives the mail naming the printer
// with a link; quiet hours hold deliveries and send them after as one summary.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { createWebhook } from "@printernizer/farm/webhooks";
import { createRule } from "@printernizer/farm/notification-rules";
import { insertPrinter, quietLogger, testCipher, until } from "../../test/helpers";
import { PersistencePipeline } from "../persistence/persistence-pipeline";
import { WebhookDispatcher } from "./webhook-dispatcher";

interface Hit {
  headers: IncomingMessage["headers"];
  body: string;
}

async function receiver(host: string): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}/hook`, hits };
}

interface Mail {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

async function smtpSink(host: string) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "farm" && auth.password === "smtp-pass") return callback(null, { user: "farm" });
      callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString()));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    server,
    port: ((server as unknown as { server: Server }).server.address() as AddressInfo).port,
    mails,
  };
}

/** Quoted-printable soft breaks and escapes undone, so the test reads what a mail program shows. */
const unfold = (raw: string) =>
  raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

describe("notification rules", () => {
  let database: TestDatabase;
  let ops: Awaited<ReturnType<typeof receiver>>;
  let chat: Awaited<ReturnType<typeof receiver>>;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let dispatcher: WebhookDispatcher;
  let rackA: { id: string };
  let room3: { id: string };

  async function record(printerId: string, type: string, payload: object) {
    const pipeline = new PersistencePipeline(database.db, "w1", quietLogger, { flushIntervalMs: 20 });
    pipeline.start();
    pipeline.recordWorkerEvent(printerId, type, payload, new Date());
    await pipeline.stop();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    [ops, chat, sink] = await Promise.all([
      receiver("127.73.0.1"),
      receiver("127.73.0.2"),
      smtpSink("127.73.0.3"),
    ]);
    const printer = (name: string, location: string, tags: string[]) =>
      insertPrinter(database.db, { kind: "prusalink", name, host: "127.73.1.1", credentials: {} }).then((p) =>
        database.db.printer.update({ where: { id: p.id }, data: { location, tags } }),
      );
    rackA = await printer("Rack A MK4", "Room 2 / Rack A", ["petg"]);
    room3 = await printer("Room 3 MK4", "Room 3", ["pla"]);
    dispatcher = new WebhookDispatcher(database.db, testCipher, quietLogger, {
      pollMs: 50,
      retryBaseMs: 50,
      targets: { allowLoopback: true },
      publicUrl: "http://farm.test:3000/",
    });
    dispatcher.start();
  });
  afterAll(async () => {
    await dispatcher.stop();
    await Promise.all([
      new Promise((r) => ops.server.close(r)),
      new Promise((r) => chat.server.close(r)),
      new Promise<void>((r) => sink.server.close(() => r())),
    ]);
    await database.drop();
  });

  it("routes an offline event to the channel whose rule covers the printer only, signed so the receiver can verify it", async () => {
    const db = database.db;
    const opsChannel = await createWebhook(db, testCipher, {
      name: "Ops hook",
      format: "generic",
      enabled: true,
      url: ops.url,
    });
    const chatChannel = await createWebhook(db, testCipher, {
      name: "Chat",
      format: "slack",
      enabled: true,
      url: chat.url,
    });
    expect(opsChannel.signingSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(chatChannel.signingSecret).toBeNull();
    const stored = await db.webhook.findUniqueOrThrow({ where: { id: opsChannel.webhook.id } });
    expect(stored.signingSecret).not.toContain(opsChannel.signingSecret);
    const base = { enabled: true, quietHours: null, scopeValue: "" };
    // Room 2 (and what lies under it) offline → ops; chat hears of offline printers tagged "resin" and finished jobs.
    await createRule(db, {
      ...base,
      name: "Room 2 down",
      events: ["printer_offline"],
      scope: "location",
      scopeValue: "Room 2",
      channelIds: [opsChannel.webhook.id],
    });
    await createRule(db, {
      ...base,
      name: "Resin and finished jobs",
      events: ["printer_offline", "job_completed"],
      scope: "tag",
      scopeValue: "resin",
      channelIds: [chatChannel.webhook.id],
    });

    await record(rackA.id, "printer_offline", {
      since: new Date(Date.now() - 120_000).toISOString(),
      message: "The printer did not answer at 127.73.1.1 (connection refused).",
    });
    await record(room3.id, "printer_offline", { since: new Date().toISOString(), message: "No answer." });
    await until("ops received", async () => ops.hits.length === 1);
    await until(
      "delivery recorded",
      async () => (await db.webhookDelivery.count({ where: { status: "sent" } })) === 1,
    );
    expect(chat.hits).toHaveLength(0);
    expect(await db.webhookDelivery.count()).toBe(1); // Room 3 matched no rule at all

    const hit = ops.hits[0]!;
    const expected = `sha256=${createHmac("sha256", opsChannel.signingSecret!).update(hit.body).digest("hex")}`;
    const given = String(hit.headers["x-printernizer-signature"]);
    expect(timingSafeEqual(Buffer.from(given), Buffer.from(expected))).toBe(true);
    const body = JSON.parse(hit.body) as Record<string, unknown>;
    expect(Number(hit.headers["x-printernizer-timestamp"])).toBe(
      Math.floor(Date.parse(String(body.sentAt)) / 1000),
    );
    expect(body).toMatchObject({
      event: "printer_offline",
      title: "Rack A MK4 is offline",
      printer: { id: rackA.id, name: "Rack A MK4" },
      link: `http://farm.test:3000/printers/${rackA.id}`,
    });
    expect(String(body.message)).toMatch(/connection refused\)\. It has not answered for 2 minutes\./);
    // a tampered body no longer verifies
    const forged = createHmac("sha256", opsChannel.signingSecret!).update(
      hit.body.replace("Rack A", "Rack B"),
    );
    expect(`sha256=${forged.digest("hex")}`).not.toBe(given);
  });

  it("mails through an SMTP server: subject and body name the printer and link to it; a wrong password is a clear reason", async () => {
    const db = database.db;
    const smtp = { host: "127.73.0.3", port: sink.port, tls: "none" as const, from: "farm@example.org" };
    const mail = await createWebhook(db, testCipher, {
      name: "Night shift mail",
      format: "email",
      enabled: true,
      smtp: { ...smtp, user: "farm", password: "smtp-pass", to: ["night@example.org", "lead@example.org"] },
    });
    const badLogin = await createWebhook(db, testCipher, {
      name: "Wrong password",
      format: "email",
      enabled: true,
      smtp: { ...smtp, user: "farm", password: "nope", to: ["night@example.org"] },
    });
    expect(mail.webhook.urlHint).toBe(`smtp://127.73.0.3:${sink.port} → night@example.org, +1`);
    await createRule(db, {
      name: "PETG printers",
      events: ["printer_offline"],
      scope: "tag",
      scopeValue: "petg",
      enabled: true,
      quietHours: null,
      channelIds: [mail.webhook.id, badLogin.webhook.id],
    });
    await record(rackA.id, "printer_offline", { since: new Date().toISOString(), message: "No answer." });
    await until("mail received", async () => sink.mails.length === 1);
    const [received] = sink.mails;
    expect(received).toMatchObject({ from: "farm@example.org", user: "farm" });
    expect(received!.to.sort()).toEqual(["lead@example.org", "night@example.org"]);
    const text = unfold(received!.raw);
    expect(text).toMatch(/^Subject: \[Printernizer\] Rack A MK4 is offline\r?$/m);
    expect(text).toContain(`Open the printer: http://farm.test:3000/printers/${rackA.id}`);
    const failed = await until("bad login recorded", () =>
      db.webhookDelivery.findFirst({ where: { webhookId: badLogin.webhook.id, status: "failed" } }),
    );
    expect(failed.lastError).toBe("SMTP login refused: check the user name and password");
    expect(failed.attempts).toBe(1); // retrying a refused login cannot help
    expect(JSON.stringify(await db.webhookDelivery.findMany())).not.toContain("smtp-pass");
  });

  it("holds deliveries in quiet hours and sends them after as one summary; an event the rule lets through goes at once", async () => {
    const db = database.db;
    await db.notificationRule.updateMany({ data: { enabled: false } });
    const before = chat.hits.length;
    const channel = await createWebhook(db, testCipher, {
      name: "Quiet chat",
      format: "slack",
      enabled: true,
      url: chat.url,
    });
    const now = new Date();
    await createRule(db, {
      name: "Nights",
      events: ["printer_offline", "printer_error", "job_completed"],
      scope: "all",
      scopeValue: "",
      enabled: true,
      channelIds: [channel.webhook.id],
      quietHours: {
        from: hhmm(new Date(now.getTime() - 3_600_000)),
        to: hhmm(new Date(now.getTime() + 3_600_000)),
        timeZone: "UTC",
        bypass: ["printer_error"],
      },
    });
    await record(rackA.id, "printer_offline", { since: now.toISOString(), message: "No answer." });
    await record(room3.id, "job_completed", { job: { id: "1", name: "a.gcode", displayName: "Gearbox" } });
    await record(room3.id, "printer_error", { errors: [{ code: "0300-4000", message: "Nozzle clog" }] });
    await until("the error went through", async () => chat.hits.length === before + 1);
    expect(JSON.parse(chat.hits.at(-1)!.body).text).toContain("*Error on Room 3 MK4*");
    const held = await db.webhookDelivery.findMany({
      where: { webhookId: channel.webhook.id, heldUntil: { not: null } },
    });
    expect(held).toHaveLength(2);
    for (const d of held) {
      expect(d.status).toBe("pending");
      // the end of the quiet hours, to the minute
      expect(Math.abs(d.nextAttemptAt.getTime() - (now.getTime() + 3_600_000))).toBeLessThan(61_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(chat.hits.length).toBe(before + 1);

    // the quiet hours end: both come as one message
    await db.webhookDelivery.updateMany({
      where: { id: { in: held.map((d) => d.id) } },
      data: { nextAttemptAt: new Date() },
    });
    await until("summary sent", async () => chat.hits.length === before + 2);
    const summary = JSON.parse(chat.hits.at(-1)!.body) as { text: string };
    expect(summary.text).toContain("*2 notifications held during quiet hours*");
    expect(summary.text).toContain("Rack A MK4 is offline");
    expect(summary.text).toContain("Print finished on Room 3 MK4: Gearbox completed.");
    expect(summary.text).toContain("<http://farm.test:3000/events|Open in Printernizer>");
    await until(
      "both marked sent",
      async () =>
        (await db.webhookDelivery.count({ where: { id: { in: held.map((d) => d.id) }, status: "sent" } })) ===
        2,
    );
  });

  it("a print that ends without automatic plate clearing is a printer_waiting_for_plate event and notification", async () => {
    const db = database.db;
    await db.notificationRule.updateMany({ data: { enabled: false } });
    const before = chat.hits.length;
    const channel = await createWebhook(db, testCipher, {
      name: "Plate chat",
      format: "slack",
      enabled: true,
      url: chat.url,
    });
    await createRule(db, {
      name: "Plates",
      events: ["printer_waiting_for_plate"],
      scope: "tag",
      scopeValue: "pla",
      enabled: true,
      quietHours: null,
      channelIds: [channel.webhook.id],
    });
    const pipeline = new PersistencePipeline(db, "w1", quietLogger, { flushIntervalMs: 20 });
    pipeline.start();
    await pipeline.attach(room3.id);
    const job = { id: "42", name: "bracket.gcode", displayName: "Bracket", progress: 100 };
    pipeline.publish({
      printerId: room3.id,
      at: new Date(),
      event: { type: "job_started", job: { ...job, state: "PRINTING" } },
    });
    await until("job open", () => db.job.findFirst({ where: { printerId: room3.id, endedAt: null } }));
    pipeline.publish({
      printerId: room3.id,
      at: new Date(),
      event: { type: "job_completed", job: { ...job, state: "COMPLETED" } },
    });
    await pipeline.stop();
    const event = await until("plate event", () =>
      db.printerEvent.findFirst({ where: { printerId: room3.id, type: "printer_waiting_for_plate" } }),
    );
    expect(event.payload).toMatchObject({ job: { name: "bracket.gcode", displayName: "Bracket" } });
    expect(
      (await db.printer.findUniqueOrThrow({ where: { id: room3.id } })).awaitingPlateClearSince,
    ).not.toBeNull();
    await until("plate message", async () => chat.hits.length === before + 1);
    const text = (JSON.parse(chat.hits.at(-1)!.body) as { text: string }).text;
    expect(text).toContain("*Room 3 MK4 is waiting for the plate*");
    expect(text).toContain("Bracket ended. Clear the plate, then confirm it in Printernizer");
    expect(text).toContain(`<http://farm.test:3000/printers/${room3.id}|Open in Printernizer>`);
  });
});
