// Admin → Notifications through the real router and a migrated database: URLs sealed and
// write-only, clear messages for bad addresses, test deliveries queued for the worker,
// the delivery log, audit rows, and other roles refused.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { appRouter } from "../root";
import { callerFor, sessionFor, testCipher } from "../testing/callers";
import { createCallerFactory, createTRPCContext } from "../trpc";

const form = {
  name: "Farm chat",
  url: "https://hooks.example.org/services/T0/SECRET-TOKEN",
  format: "discord" as const,
  enabled: true,
};

async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "accepted";
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
  }
}

describe("webhook router", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  const admin = () => callerFor(database.db, "admin", cipher);
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("creates a webhook with the URL sealed, lists its hint only, and audits it", async () => {
    const created = await admin().webhook.create(form);
    const row = await database.db.webhook.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.url).not.toContain("SECRET-TOKEN");
    expect(cipher.decrypt(row.url ?? "")).toBe(form.url);
    expect(row.urlHint).toBe("https://hooks.example.org/…");
    const listed = (await admin().webhook.list()).find((w) => w.id === created.id);
    expect(listed).toMatchObject({
      name: "Farm chat",
      urlHint: "https://hooks.example.org/…",
      format: "discord",
      enabled: true,
      signs: false,
      smtp: null,
      lastDelivery: null,
    });
    expect(JSON.stringify(listed)).not.toContain("SECRET-TOKEN");
    expect(
      await database.db.auditLog.findFirst({ where: { action: "webhook.create", targetId: created.id } }),
    ).toMatchObject({ actorEmail: "test-admin@printernizer.test", targetLabel: "Farm chat" });
  });

  it("refuses addresses that are not http(s) with a message a person understands", async () => {
    expect(await failure(admin().webhook.create({ ...form, url: "ftp://files.example.org/hook" }))).toMatch(
      /BAD_REQUEST: .*Only http:\/\/ and https:\/\/ addresses can receive webhooks/s,
    );
    expect(await failure(admin().webhook.create({ ...form, url: "not a url" }))).toMatch(
      /Enter a full address such as https:\/\/example.org\/hook/,
    );
    expect(await failure(admin().webhook.create({ ...form, url: "" }))).toMatch(
      /Enter the webhook's address/,
    );
    expect(await failure(admin().webhook.create({ ...form, name: "  " }))).toMatch(/Give the channel a name/);
  });

  it("refuses user info and loopback, link-local and unspecified targets in any numeric form; LAN addresses are fine", async () => {
    expect(
      await failure(admin().webhook.create({ ...form, url: "https://bob:hunter2@hooks.example.org/x" })),
    ).toMatch(/BAD_REQUEST: .*Remove the user name and password/s);
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://2130706433:8080/hook",
      "http://0x7f.1/hook",
      "http://[::1]/hook",
      "http://localhost/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://0.0.0.0/",
    ]) {
      expect(await failure(admin().webhook.create({ ...form, url })), url).toMatch(
        /^BAD_REQUEST: Webhooks cannot be sent to/,
      );
    }
    const { id } = await admin().webhook.create({
      ...form,
      name: "LAN ntfy",
      format: "ntfy",
      url: "http://192.168.1.20:8080/farm",
    });
    expect(
      await failure(
        admin().webhook.update({
          id,
          ...form,
          name: "LAN ntfy",
          format: "ntfy",
          url: "http://127.0.0.1/farm",
        }),
      ),
    ).toMatch(/^BAD_REQUEST: Webhooks cannot be sent to 127\.0\.0\.1 is a loopback address/);
    expect(
      await database.db.webhook.count({ where: { name: "Farm chat", urlHint: { contains: "127.0.0.1" } } }),
    ).toBe(0);
    const allowing = createCallerFactory(appRouter)(
      createTRPCContext({
        db: database.db,
        headers: new Headers(),
        cipher,
        session: sessionFor("admin"),
        webhookTargets: { allowLoopback: true },
      }),
    );
    expect(
      (await allowing.webhook.create({ ...form, name: "Local receiver", url: "http://127.0.0.1:8080/hook" }))
        .urlHint,
    ).toBe("http://127.0.0.1:8080/…");
  });

  it("keeps the stored URL when the field is left empty and replaces it when one is typed", async () => {
    const { id } = await admin().webhook.create({
      ...form,
      name: "Phone",
      format: "ntfy",
      url: "http://ntfy.local/printers",
    });
    await admin().webhook.update({ id, ...form, name: "Phone", format: "ntfy", url: "" });
    expect(cipher.decrypt((await database.db.webhook.findUniqueOrThrow({ where: { id } })).url ?? "")).toBe(
      "http://ntfy.local/printers",
    );
    await admin().webhook.update({
      id,
      ...form,
      name: "Phone",
      format: "ntfy",
      url: "https://ntfy.sh/my-farm",
    });
    const row = await database.db.webhook.findUniqueOrThrow({ where: { id } });
    expect(cipher.decrypt(row.url ?? "")).toBe("https://ntfy.sh/my-farm");
    expect(row.urlHint).toBe("https://ntfy.sh/…");
    const audits = await database.db.auditLog.findMany({
      where: { action: "webhook.update", targetId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => a.details)).toEqual([{ changed: [] }, { changed: ["url"] }]);
  });

  it("queues a test delivery the worker picks up, shown in the delivery log", async () => {
    const { id } = await admin().webhook.create({ ...form, name: "Tested" });
    const queued = await admin().webhook.sendTest({ id });
    const row = await database.db.webhookDelivery.findUniqueOrThrow({ where: { id: queued.id } });
    // What WebhookDispatcher claims: pending, due now, event "test".
    expect(row).toMatchObject({ webhookId: id, eventType: "test", status: "pending", attempts: 0 });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const log = await admin().webhook.deliveries({ webhookId: id });
    expect(log.items).toEqual([
      expect.objectContaining({
        id: queued.id,
        webhookName: "Tested",
        status: "pending",
        eventType: "test",
        responseStatus: null,
      }),
    ]);
    expect((await admin().webhook.list()).find((w) => w.id === id)?.lastDelivery?.status).toBe("pending");
    expect(await database.db.auditLog.count({ where: { action: "webhook.test", targetId: id } })).toBe(1);
  });

  it("pages the delivery log newest first", async () => {
    const { id } = await admin().webhook.create({ ...form, name: "Paged" });
    const queued = [];
    for (let i = 0; i < 3; i++) queued.push((await admin().webhook.sendTest({ id })).id);
    const first = await admin().webhook.deliveries({ webhookId: id, limit: 2 });
    const second = await admin().webhook.deliveries({ webhookId: id, limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((d) => d.id).sort()).toEqual([...queued].sort());
    expect(second.nextCursor).toBeUndefined();
    // The list shows each webhook's newest delivery.
    await database.db.webhookDelivery.update({
      where: { id: queued[0]! },
      data: { status: "failed", createdAt: new Date(Date.now() - 3_600_000) },
    });
    await database.db.webhookDelivery.update({
      where: { id: queued[2]! },
      data: { status: "sent", createdAt: new Date(Date.now() + 1_000) },
    });
    expect((await admin().webhook.list()).find((w) => w.id === id)?.lastDelivery?.status).toBe("sent");
  });

  it("disables, enables and deletes with audit rows; a deleted webhook is a clear not-found", async () => {
    const { id } = await admin().webhook.create({ ...form, name: "Short-lived" });
    expect((await admin().webhook.setEnabled({ id, enabled: false })).enabled).toBe(false);
    await admin().webhook.setEnabled({ id, enabled: true });
    await admin().webhook.delete({ id });
    expect(await database.db.webhook.findUnique({ where: { id } })).toBeNull();
    const actions = (
      await database.db.auditLog.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["webhook.create", "webhook.disable", "webhook.enable", "webhook.delete"]);
    expect(await failure(admin().webhook.sendTest({ id }))).toMatch(
      /NOT_FOUND: This channel does not exist any more/,
    );
    expect(await failure(admin().webhook.setEnabled({ id, enabled: true }))).toMatch(
      /NOT_FOUND: This channel does not exist any more/,
    );
    expect(await failure(admin().webhook.delete({ id }))).toMatch(
      /NOT_FOUND: This channel does not exist any more/,
    );
  });

  it("refuses viewers and operators (403) and anonymous callers (401)", async () => {
    const { id } = await admin().webhook.create({ ...form, name: "Guarded" });
    for (const who of ["viewer", "operator"] as const) {
      const caller = callerFor(database.db, who, cipher);
      expect(await failure(caller.webhook.list())).toMatch(/^FORBIDDEN/);
      expect(await failure(caller.webhook.sendTest({ id }))).toMatch(/^FORBIDDEN/);
      expect(await failure(caller.webhook.create(form))).toMatch(/^FORBIDDEN/);
    }
    expect(await failure(callerFor(database.db, "anonymous", cipher).webhook.deliveries({}))).toMatch(
      /^UNAUTHORIZED/,
    );
    expect(await database.db.webhookDelivery.count({ where: { webhookId: id } })).toBe(0);
  });
});
