// better-auth as configured for Printernizer, against a real migrated Postgres: sign-in
// through the HTTP handler, cookies, audit rows, throttling, disabled users, setup, admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { writeAuditLog } from "./audit-writer";
import { createAuth, type Auth } from "./auth";
import { clientAddressHeader } from "./client-address";
import { checkLoginAllowed, loginGuardLimits } from "./login-guard";
import { deriveAuthSecret } from "./secret";
import {
  createOrResetAdmin,
  createUser,
  deleteUser,
  listUsers,
  resetPassword,
  setDisabled,
  setRole,
  setupFirstAdmin,
  UserError,
} from "./users";

let database: TestDatabase;
let auth: Auth;
const origin = "http://127.0.0.1:3999";

function signIn(email: string, password: string, ip = "192.0.2.10") {
  return auth.handler(
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      // what the server stamps from the socket (client-address.ts); tested end to end over HTTP below
      headers: {
        "content-type": "application/json",
        origin,
        [clientAddressHeader]: ip,
        "user-agent": "vitest",
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

beforeAll(async () => {
  database = await createTestDatabase();
  auth = createAuth({ db: database.db, secret: deriveAuthSecret("ab".repeat(32)) });
});
afterAll(async () => database?.drop());

describe("first-run setup", () => {
  it("creates exactly one admin, then refuses", async () => {
    const results = await Promise.allSettled([
      setupFirstAdmin(database.db, {
        email: "owner@example.com",
        name: "Owner",
        password: "owner-password-1",
      }),
      setupFirstAdmin(database.db, {
        email: "racer@example.com",
        name: "Racer",
        password: "racer-password-1",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(UserError);
    expect(await database.db.user.count({ where: { role: "admin" } })).toBe(1);
  });
});

describe("sign-in", () => {
  it("signs in with the right password: an httpOnly SameSite cookie, a session row, an audit row with the address", async () => {
    const admin = (await database.db.user.findFirstOrThrow({ where: { role: "admin" } })).email;
    const response = await signIn(admin, admin.startsWith("owner") ? "owner-password-1" : "racer-password-1");
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("printernizer.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookieOf(response) }) });
    expect(session?.user.email).toBe(admin);
    expect((session?.user as { role?: string }).role).toBe("admin");
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: "auth.login", actorEmail: admin },
    });
    expect(audit).toMatchObject({ outcome: "success", ip: "192.0.2.10", userAgent: "vitest" });
  });

  it("stores the password only as a hash", async () => {
    const accounts = await database.db.account.findMany();
    for (const account of accounts) {
      expect(account.password).toBeTruthy();
      expect(account.password).not.toContain("password-1");
    }
  });

  it("refuses a wrong password with 401 and audits the failure", async () => {
    await createUser(database.db, {
      email: "viewer@example.com",
      name: "Viewer",
      password: "viewer-password-1",
      role: "viewer",
    });
    const response = await signIn("viewer@example.com", "not-the-password", "192.0.2.20");
    expect(response.status).toBe(401);
    expect(
      response.headers
        .getSetCookie()
        .some((c) => c.startsWith("printernizer.session_token=") && !c.includes("Max-Age=0")),
    ).toBe(false);
    expect(
      await database.db.auditLog.count({
        where: { action: "auth.login_failed", targetLabel: "viewer@example.com" },
      }),
    ).toBe(1);
  });

  it("throttles an account from one address after repeated failures, even with the right password; another address still signs in", async () => {
    await createUser(database.db, {
      email: "target@example.com",
      name: "Target",
      password: "target-password-1",
      role: "operator",
    });
    for (let i = 0; i < loginGuardLimits.perAccountAndAddress; i++)
      expect((await signIn("target@example.com", `guess-${i}`, "198.51.100.1")).status).toBe(401);
    const blocked = await signIn("target@example.com", "target-password-1", "198.51.100.1");
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toMatch(
      /Too many failed sign-ins for this account from your network address/,
    );
    expect(
      await database.db.auditLog.count({
        where: { action: "auth.login_blocked", targetLabel: "target@example.com" },
      }),
    ).toBe(1);
    expect((await signIn("target@example.com", "target-password-1", "198.51.100.99")).status).toBe(200);
  });

  it("never locks an account attacked from many addresses; it only slows each further attempt down", async () => {
    const email = "popular@example.com";
    const rows = Array.from({ length: loginGuardLimits.slowDownAfterPerAccount }, (_, i) => ({
      action: "auth.login_failed",
      outcome: "failure" as const,
      targetType: "user",
      targetLabel: email,
      ip: `198.18.${i >> 8}.${i & 255}`,
    }));
    for (const row of rows) await writeAuditLog(database.db, row);
    expect(await checkLoginAllowed(database.db, email, "192.0.2.77")).toEqual({
      allowed: true,
      delayMs: loginGuardLimits.slowDownMs,
    });
    expect(await checkLoginAllowed(database.db, "someone-else@example.com", "192.0.2.77")).toEqual({
      allowed: true,
      delayMs: 0,
    });
  });

  it("throttles an address after failures across accounts", async () => {
    for (let i = 0; i < loginGuardLimits.perAddress; i++)
      await signIn(`nobody-${i}@example.com`, "whatever-123", "203.0.113.7");
    const blocked = await signIn("viewer@example.com", "viewer-password-1", "203.0.113.7");
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toMatch(/network address/);
    expect((await signIn("viewer@example.com", "viewer-password-1", "203.0.113.8")).status).toBe(200);
  });

  it("does not sign in a disabled user and ends their sessions when disabled", async () => {
    const user = await createUser(database.db, {
      email: "leaver@example.com",
      name: "Leaver",
      password: "leaver-password-1",
      role: "operator",
    });
    const first = await signIn("leaver@example.com", "leaver-password-1", "192.0.2.30");
    expect(first.status).toBe(200);
    await setDisabled(database.db, user.id, true);
    expect(await auth.api.getSession({ headers: new Headers({ cookie: cookieOf(first) }) })).toBeNull();
    const again = await signIn("leaver@example.com", "leaver-password-1", "192.0.2.31");
    expect(again.status).toBe(403);
    expect(((await again.json()) as { message: string }).message).toMatch(/disabled/);
    await setDisabled(database.db, user.id, false);
    expect((await signIn("leaver@example.com", "leaver-password-1", "192.0.2.32")).status).toBe(200);
  });

  it("refuses self sign-up", async () => {
    const response = await auth.handler(
      new Request(`${origin}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: "intruder@example.com", password: "intruder-password", name: "I" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await database.db.user.count({ where: { email: "intruder@example.com" } })).toBe(0);
  });

  it("logs out: the session is gone and the logout audited", async () => {
    const response = await signIn("viewer@example.com", "viewer-password-1", "192.0.2.40");
    const cookie = cookieOf(response);
    const out = await auth.handler(
      new Request(`${origin}/api/auth/sign-out`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, cookie },
        body: "{}",
      }),
    );
    expect(out.status).toBe(200);
    expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    expect(
      await database.db.auditLog.count({
        where: { action: "auth.logout", actorEmail: "viewer@example.com" },
      }),
    ).toBe(1);
  });
});

describe("people management", () => {
  it("keeps at least one enabled admin", async () => {
    const admin = await database.db.user.findFirstOrThrow({ where: { role: "admin" } });
    await expect(setRole(database.db, admin.id, "viewer")).rejects.toThrow(/last enabled admin/);
    await expect(setDisabled(database.db, admin.id, true)).rejects.toThrow(/last enabled admin/);
    await expect(deleteUser(database.db, admin.id)).rejects.toThrow(/last enabled admin/);
    const second = await createUser(database.db, {
      email: "second@example.com",
      name: "Second",
      password: "second-password-1",
      role: "admin",
    });
    await setRole(database.db, admin.id, "operator");
    await expect(setRole(database.db, second.id, "viewer")).rejects.toThrow(/last enabled admin/);
    await setRole(database.db, admin.id, "admin");
  });

  it("refuses a second user with the same email", async () => {
    await expect(
      createUser(database.db, {
        email: "viewer@example.com",
        name: "Dup",
        password: "dup-password-1",
        role: "viewer",
      }),
    ).rejects.toThrow(/already exists/);
  });

  it("a password reset replaces the password and ends sessions", async () => {
    const viewer = await database.db.user.findUniqueOrThrow({ where: { email: "viewer@example.com" } });
    const before = await signIn("viewer@example.com", "viewer-password-1", "192.0.2.50");
    await resetPassword(database.db, viewer.id, "fresh-password-2");
    expect(await auth.api.getSession({ headers: new Headers({ cookie: cookieOf(before) }) })).toBeNull();
    expect((await signIn("viewer@example.com", "viewer-password-1", "192.0.2.51")).status).toBe(401);
    expect((await signIn("viewer@example.com", "fresh-password-2", "192.0.2.52")).status).toBe(200);
  });

  it("the CLI path creates an admin, or resets and re-enables an existing user as admin", async () => {
    expect(
      await createOrResetAdmin(database.db, {
        email: "rescue@example.com",
        name: "Rescue",
        password: "rescue-password-1",
      }),
    ).toBe("created");
    const leaver = await database.db.user.findUniqueOrThrow({ where: { email: "leaver@example.com" } });
    await setDisabled(database.db, leaver.id, true);
    expect(
      await createOrResetAdmin(database.db, {
        email: "leaver@example.com",
        name: "Leaver",
        password: "leaver-new-pass-9",
      }),
    ).toBe("reset");
    expect(
      await database.db.user.findUniqueOrThrow({ where: { email: "leaver@example.com" } }),
    ).toMatchObject({ role: "admin", disabled: false });
    expect((await signIn("leaver@example.com", "leaver-new-pass-9", "192.0.2.60")).status).toBe(200);
    const listed = await listUsers(database.db);
    expect(listed.find((u) => u.email === "leaver@example.com")?.lastLoginAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toMatch(/password/i);
  });
});
