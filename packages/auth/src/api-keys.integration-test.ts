// Personal API keys against a real PostgreSQL: only the hash is stored, the role is capped by the
// user's role at creation and on every use, and revoked, expired, disabled or deleted means refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { auditCoalesceWindowMs, writeCoalescedAuditLog } from "./audit-writer";
import { createUser, deleteUser, setDisabled, setRole } from "./users";

let database: TestDatabase;
let operator: { id: string; role: string };
beforeAll(async () => {
  database = await createTestDatabase();
  operator = await createUser(database.db, {
    email: "keys@example.com",
    name: "Keys",
    password: "keys-password-1",
    role: "operator",
  });
});
afterAll(async () => database?.drop());

describe("API keys", () => {
  it("stores only the SHA-256 of a pk_ key of 32 random bytes, and the secret authenticates", async () => {
    const { key, secret } = await createApiKey(database.db, operator, { name: "script", role: "operator" });
    expect(secret).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    const row = await database.db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.keyHash).toBe(hashApiKey(secret));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret.slice(3));
    expect(row.keyPrefix).toBe(secret.slice(0, 11));
    const auth = await authenticateApiKey(database.db, secret);
    expect(auth).toMatchObject({ ok: true, user: { id: operator.id, role: "operator" } });
  });

  it("refuses a role above the user's and caps a key's role at the user's current role", async () => {
    await expect(createApiKey(database.db, operator, { name: "too much", role: "admin" })).rejects.toThrow(
      /cannot have more rights than you/,
    );
    const { secret } = await createApiKey(database.db, operator, { name: "capped", role: "operator" });
    await setRole(database.db, operator.id, "viewer");
    expect(await authenticateApiKey(database.db, secret)).toMatchObject({
      ok: true,
      user: { role: "viewer" },
    });
    await setRole(database.db, operator.id, "operator");
    const viewerKey = await createApiKey(database.db, operator, { name: "reader", role: "viewer" });
    expect(await authenticateApiKey(database.db, viewerKey.secret)).toMatchObject({
      user: { role: "viewer" },
    });
  });

  it("writes lastUsedAt at most once a minute", async () => {
    const { key, secret } = await createApiKey(database.db, operator, { name: "use", role: "viewer" });
    const t0 = new Date();
    await authenticateApiKey(database.db, secret, t0);
    await authenticateApiKey(database.db, secret, new Date(t0.getTime() + 30_000));
    expect((await database.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await authenticateApiKey(database.db, secret, later);
    expect((await database.db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toEqual(later);
  });

  it("refuses revoked, expired, unknown keys and keys of a disabled or deleted user, with a sentence", async () => {
    const revoked = await createApiKey(database.db, operator, { name: "revoked", role: "viewer" });
    await revokeApiKey(database.db, revoked.key.id, operator.id);
    expect(
      await authenticateApiKey(database.db, revoked.secret, new Date(), {
        ip: "192.0.2.9",
        userAgent: "curl/8",
      }),
    ).toEqual({
      ok: false,
      reason: expect.stringMatching(/revoked/),
    });
    expect(await database.db.auditLog.findMany({ where: { action: "api.key_refused" } })).toEqual([
      expect.objectContaining({
        actorId: operator.id,
        outcome: "refused",
        ip: "192.0.2.9",
        details: {
          apiKeyId: revoked.key.id,
          keyPrefix: revoked.key.keyPrefix,
          reason: expect.stringMatching(/revoked/),
        },
      }),
    ]);
    const expiring = await createApiKey(database.db, operator, {
      name: "expiring",
      role: "viewer",
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await authenticateApiKey(database.db, expiring.secret, new Date(Date.now() + 120_000))).ok).toBe(
      false,
    );
    expect(await authenticateApiKey(database.db, "pk_unknown")).toMatchObject({
      ok: false,
      reason: /not valid/,
    });

    const other = await createUser(database.db, {
      email: "other@example.com",
      name: "Other",
      password: "other-password-1",
      role: "operator",
    });
    await expect(revokeApiKey(database.db, expiring.key.id, other.id)).rejects.toThrow(/no such API key/);
    const ofOther = await createApiKey(database.db, other, { name: "other", role: "operator" });
    expect((await authenticateApiKey(database.db, ofOther.secret)).ok).toBe(true);
    await setDisabled(database.db, other.id, true);
    expect(await authenticateApiKey(database.db, ofOther.secret)).toMatchObject({
      ok: false,
      reason: /disabled/,
    });
    await deleteUser(database.db, other.id);
    expect(await authenticateApiKey(database.db, ofOther.secret)).toMatchObject({
      ok: false,
      reason: /not valid/,
    });
    expect(
      (await listApiKeys(database.db, operator.id)).find((k) => k.name === "revoked")?.revokedAt,
    ).toBeTruthy();
  });
});

describe("writeCoalescedAuditLog", () => {
  it("writes one row per actor, action and outcome a minute and counts the repeats on it", async () => {
    const record = { action: "api.printer.command", outcome: "refused" as const, actorId: "loop-user" };
    for (let i = 0; i < 25; i++) await writeCoalescedAuditLog(database.db, record);
    await writeCoalescedAuditLog(database.db, { ...record, action: "api.farm.list" });
    const rows = await database.db.auditLog.findMany({ where: { actorId: "loop-user" } });
    expect(rows.map((r) => [r.action, r.details])).toEqual(
      expect.arrayContaining([
        ["api.printer.command", { repeats: 24 }],
        ["api.farm.list", {}],
      ]),
    );
    expect(rows).toHaveLength(2);
    // a row older than the window is left alone: the next call starts a new row
    await database.db.auditLog.updateMany({
      where: { actorId: "loop-user" },
      data: { createdAt: new Date(Date.now() - auditCoalesceWindowMs - 1_000) },
    });
    await writeCoalescedAuditLog(database.db, record);
    expect(await database.db.auditLog.count({ where: { actorId: "loop-user" } })).toBe(3);
  });
});
