// Notification rules and channel kinds through the real router and a migrated database: rules
// validated with sentences (unknown time zone, missing scope, a channel gone), scope options from
// the printers' locations and tags, audit rows, secrets never listed, other roles refused.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { callerFor, testCipher } from "../testing/callers";

async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "accepted";
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
  }
}

describe("notification rules and channels", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  const admin = () => callerFor(database.db, "admin", cipher);
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  const rule = (channelIds: string[]) => ({
    name: "Room 2 at night",
    events: ["printer_offline" as const, "job_failed" as const],
    scope: "location" as const,
    scopeValue: "Room 2",
    channelIds,
    enabled: true,
    quietHours: {
      from: "22:00",
      to: "07:00",
      timeZone: "Europe/Berlin",
      bypass: ["printer_offline" as const],
    },
  });

  it("a generic channel's signing secret is returned once and stored sealed; an email channel lists no password", async () => {
    const generic = await admin().webhook.create({
      name: "Signed",
      format: "generic",
      enabled: true,
      url: "https://hooks.example.org/x",
    });
    expect(generic.signingSecret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const row = await database.db.webhook.findUniqueOrThrow({ where: { id: generic.id } });
    expect(cipher.decrypt(row.signingSecret ?? "")).toBe(generic.signingSecret);
    const mail = await admin().webhook.create({
      name: "Mail",
      format: "email",
      enabled: true,
      smtp: {
        host: "smtp.example.org",
        port: 587,
        tls: "starttls",
        user: "farm",
        password: "mail-secret",
        from: "farm@example.org",
        to: ["Ops@Example.org"],
      },
    });
    expect(mail.signingSecret).toBeNull();
    const listed = await admin().webhook.list();
    expect(JSON.stringify(listed)).not.toMatch(/mail-secret|whsec_/);
    expect(listed.find((c) => c.id === mail.id)).toMatchObject({
      urlHint: "smtp://smtp.example.org:587 → ops@example.org",
      smtp: { host: "smtp.example.org", user: "farm", hasPassword: true, to: ["ops@example.org"] },
    });
    expect(listed.find((c) => c.id === generic.id)).toMatchObject({ signs: true });
    // an edit with the password left empty keeps it
    await admin().webhook.update({
      id: mail.id,
      name: "Mail",
      format: "email",
      enabled: true,
      smtp: { ...listed.find((c) => c.id === mail.id)!.smtp!, password: "" },
    });
    const sealed = (await database.db.webhook.findUniqueOrThrow({ where: { id: mail.id } })).smtp ?? "";
    expect(JSON.parse(cipher.decrypt(sealed))).toMatchObject({ password: "mail-secret" });
    expect(
      await failure(
        admin().webhook.create({
          name: "Local mail",
          format: "email",
          enabled: true,
          smtp: { host: "127.0.0.1", port: 25, tls: "none", from: "a@example.org", to: ["b@example.org"] },
        }),
      ),
    ).toMatch(/^BAD_REQUEST: Mail cannot be sent to 127\.0\.0\.1 is a loopback address/);
    expect(
      await failure(admin().webhook.create({ name: "No server", format: "email", enabled: true })),
    ).toMatch(/Enter the SMTP server for email/);
  });

  it("creates, lists, updates and deletes rules with audit rows; offers the printers' locations and tags", async () => {
    const channel = await admin().webhook.create({
      name: "Night chat",
      format: "slack",
      enabled: true,
      url: "https://chat.example.org/hooks/abc",
    });
    await database.db.printer.create({
      data: {
        kind: "prusalink",
        name: "R2",
        host: "10.0.0.2",
        credentials: "x",
        location: "Room 2 / Rack A",
        tags: ["petg"],
      },
    });
    expect(await admin().notificationRule.scopeOptions()).toEqual({
      locations: ["Room 2 / Rack A"],
      tags: ["petg"],
    });
    const created = await admin().notificationRule.create(rule([channel.id]));
    expect(created).toMatchObject({
      scope: "location",
      scopeValue: "Room 2",
      channels: [{ id: channel.id, name: "Night chat" }],
      quietHours: { from: "22:00", to: "07:00", timeZone: "Europe/Berlin", bypass: ["printer_offline"] },
    });
    const updated = await admin().notificationRule.update({
      id: created.id,
      ...rule([channel.id]),
      scope: "all",
      quietHours: null,
    });
    expect(updated).toMatchObject({ scope: "all", scopeValue: "", quietHours: null });
    expect((await admin().webhook.list()).find((c) => c.id === channel.id)?.ruleCount).toBe(1);
    await admin().notificationRule.delete({ id: created.id });
    expect(await admin().notificationRule.list()).toEqual([]);
    const actions = (
      await database.db.auditLog.findMany({ where: { targetId: created.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "notificationRule.create",
      "notificationRule.update",
      "notificationRule.delete",
    ]);
    expect(await failure(admin().notificationRule.delete({ id: created.id }))).toMatch(
      /^NOT_FOUND: This rule does not exist any more/,
    );
  });

  it("refuses a bad rule with a sentence", async () => {
    const channel = await admin().webhook.create({
      name: "ntfy",
      format: "ntfy",
      enabled: true,
      url: "https://ntfy.example.org/farm",
    });
    const base = rule([channel.id]);
    expect(
      await failure(
        admin().notificationRule.create({
          ...base,
          quietHours: { ...base.quietHours, timeZone: "Mars/Olympus" },
        }),
      ),
    ).toMatch(/Unknown time zone; use a name such as Europe\/Berlin/);
    expect(
      await failure(
        admin().notificationRule.create({ ...base, quietHours: { ...base.quietHours, from: "25:00" } }),
      ),
    ).toMatch(/Write the time as HH:MM/);
    expect(await failure(admin().notificationRule.create({ ...base, scopeValue: "" }))).toMatch(
      /Pick the location or tag this rule is for/,
    );
    expect(await failure(admin().notificationRule.create({ ...base, channelIds: [] }))).toMatch(
      /Pick at least one channel/,
    );
    expect(await failure(admin().notificationRule.create({ ...base, channelIds: ["gone"] }))).toMatch(
      /^BAD_REQUEST: One of the chosen channels does not exist any more/,
    );
  });

  it("refuses viewers and operators (403) and anonymous callers (401)", async () => {
    for (const who of ["viewer", "operator"] as const) {
      const caller = callerFor(database.db, who, cipher);
      expect(await failure(caller.notificationRule.list())).toMatch(/^FORBIDDEN/);
      expect(await failure(caller.notificationRule.create(rule(["x"])))).toMatch(/^FORBIDDEN/);
    }
    expect(
      await failure(callerFor(database.db, "anonymous", cipher).notificationRule.scopeOptions()),
    ).toMatch(/^UNAUTHORIZED/);
  });
});
