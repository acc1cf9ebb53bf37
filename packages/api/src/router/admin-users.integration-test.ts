// Admin → Users through the real router: roles, disabling, resets, the last admin, audit rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@printernizer/auth/users";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { callerFor, sessionFor, testCipher } from "../testing/callers";

describe("admin.users", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  let ownerId: string;
  const owner = () =>
    callerFor(database.db, "admin", cipher, {
      ...sessionFor("admin", ownerId),
      user: { ...sessionFor("admin", ownerId).user, id: ownerId },
    });
  beforeAll(async () => {
    database = await createTestDatabase();
    ownerId = (
      await createUser(database.db, {
        email: "owner@farm.test",
        name: "Owner",
        password: "owner-password-1",
        role: "admin",
      })
    ).id;
  });
  afterAll(async () => database.drop());

  it("creates users with a role, lists them without password hashes, and refuses a duplicate email", async () => {
    const created = await owner().admin.users.create({
      email: "Ops@Farm.test",
      name: "Ops",
      password: "operator-pass-1",
      role: "operator",
    });
    expect(created).toMatchObject({ email: "ops@farm.test", role: "operator" });
    const listed = await owner().admin.users.list();
    expect(listed.map((u) => u.email).sort()).toEqual(["ops@farm.test", "owner@farm.test"]);
    expect(JSON.stringify(listed)).not.toMatch(/password|scrypt|\$/i);
    await expect(
      owner().admin.users.create({
        email: "ops@farm.test",
        name: "Again",
        password: "operator-pass-1",
        role: "viewer",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      owner().admin.users.create({ email: "not-an-email", name: "X", password: "short", role: "viewer" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never leaves the farm without an enabled admin, and an admin cannot lock themselves out", async () => {
    await expect(owner().admin.users.setRole({ userId: ownerId, role: "viewer" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/last enabled admin/),
    });
    await expect(owner().admin.users.setDisabled({ userId: ownerId, disabled: true })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await expect(owner().admin.users.remove({ userId: ownerId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect((await database.db.user.findUniqueOrThrow({ where: { id: ownerId } })).role).toBe("admin");
  });

  it("changes roles, disables (ending sessions), resets passwords and removes, each audited", async () => {
    const { id } = await owner().admin.users.create({
      email: "member@farm.test",
      name: "Member",
      password: "member-pass-12",
      role: "viewer",
    });
    await database.db.session.create({
      data: { id: "s1", token: "t1", userId: id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    await owner().admin.users.setRole({ userId: id, role: "operator" });
    await owner().admin.users.setDisabled({ userId: id, disabled: true });
    expect(await database.db.session.count({ where: { userId: id } })).toBe(0);
    await owner().admin.users.setDisabled({ userId: id, disabled: false });
    await owner().admin.users.resetPassword({ userId: id, password: "a-new-password-1" });
    await owner().admin.users.remove({ userId: id });
    const audit = await database.db.auditLog.findMany({
      where: { targetId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "user.create",
      "user.role",
      "user.disable",
      "user.enable",
      "user.reset_password",
      "user.remove",
    ]);
    expect(audit[1]!.details).toEqual({ from: "viewer", to: "operator" });
    expect(audit.every((a) => a.actorId === ownerId && a.targetLabel === "member@farm.test")).toBe(true);
  });

  it("lists the audit log newest first with filters and pages", async () => {
    const all = await owner().admin.audit.list({ limit: 3 });
    expect(all.entries).toHaveLength(3);
    expect(all.nextCursor).not.toBeNull();
    const rest = await owner().admin.audit.list({ limit: 200, cursor: all.nextCursor! });
    expect(rest.entries.length).toBeGreaterThan(0);
    expect(new Set([...all.entries, ...rest.entries].map((e) => e.id)).size).toBe(
      all.entries.length + rest.entries.length,
    );
    const roles = await owner().admin.audit.list({ action: "user.role", limit: 50 });
    expect(roles.entries.every((e) => e.action === "user.role")).toBe(true);
    const users = await owner().admin.audit.list({ action: "user.", limit: 50 });
    expect(users.entries.length).toBeGreaterThanOrEqual(6);
    expect(await owner().admin.audit.actions()).toContain("user.create");
  });
});
