// Sign-in throttling over real HTTP: a Node server with the client-address stamp installed (as
// the web app installs it), better-auth behind it, a real migrated Postgres. The peer is the
// socket (127.0.0.1); what a client writes into X-Forwarded-For counts only behind a trusted proxy.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "better-auth/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { createAuth } from "./auth";
import {
  clientAddressHeader,
  installClientAddressHeader,
  parseTrustedProxies,
  type TrustedProxies,
} from "./client-address";
import { loginGuardLimits } from "./login-guard";
import { deriveAuthSecret } from "./secret";
import { createUser, setupFirstAdmin } from "./users";

let database: TestDatabase;
let server: http.Server;
let origin: string;
let trusted: TrustedProxies = parseTrustedProxies("");
let uninstall: () => void;

function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, "user-agent": "vitest", ...headers },
    body: JSON.stringify({ email, password }),
  });
}

const lastAuditIp = async (email: string) =>
  (
    await database.db.auditLog.findFirstOrThrow({
      where: { targetLabel: email },
      orderBy: { createdAt: "desc" },
    })
  ).ip;

beforeAll(async () => {
  database = await createTestDatabase();
  const auth = createAuth({ db: database.db, secret: deriveAuthSecret("cd".repeat(32)) });
  uninstall = installClientAddressHeader(() => trusted);
  const handler = toNodeHandler(auth);
  server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await setupFirstAdmin(database.db, {
    email: "admin@example.com",
    name: "Admin",
    password: "admin-password-1",
  });
  await createUser(database.db, {
    email: "viewer@example.com",
    name: "Viewer",
    password: "viewer-password-1",
    role: "viewer",
  });
});
afterAll(async () => {
  uninstall?.();
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

describe("client address over HTTP", () => {
  it("without trusted proxies, a spoofed X-Forwarded-For (or a forged client-address header) does not evade the per-address limit", async () => {
    trusted = parseTrustedProxies("");
    for (let i = 0; i < loginGuardLimits.perAddress; i++) {
      const response = await signIn(`stranger-${i}@example.com`, "wrong-password", {
        "x-forwarded-for": `203.0.113.${i + 1}`,
        [clientAddressHeader]: `198.51.100.${i + 1}`,
      });
      expect(response.status).toBe(401);
    }
    expect(await lastAuditIp(`stranger-${loginGuardLimits.perAddress - 1}@example.com`)).toBe("127.0.0.1");
    const blocked = await signIn("viewer@example.com", "viewer-password-1", {
      "x-forwarded-for": "192.0.2.200",
    });
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toMatch(/network address/);
  });

  it("behind a trusted proxy, the rightmost untrusted hop of X-Forwarded-For is the client, for throttling and the audit log", async () => {
    trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");
    expect(
      (await signIn("viewer@example.com", "viewer-password-1", { "x-forwarded-for": "192.0.2.55" })).status,
    ).toBe(200);
    expect(await lastAuditIp("viewer@example.com")).toBe("192.0.2.55");
    // the client wrote a fake first hop; the proxies (10.1.2.3, then the socket peer) appended the real one
    expect(
      (
        await signIn("viewer@example.com", "wrong-password", {
          "x-forwarded-for": "1.2.3.4, 192.0.2.56, 10.1.2.3",
        })
      ).status,
    ).toBe(401);
    expect(await lastAuditIp("viewer@example.com")).toBe("192.0.2.56");
  });

  it("a stranger's wrong passwords for the admin do not lock the admin out from another address", async () => {
    trusted = parseTrustedProxies("127.0.0.1");
    const stranger = { "x-forwarded-for": "198.51.100.66" };
    for (let i = 0; i < loginGuardLimits.perAccountAndAddress + 3; i++)
      expect((await signIn("admin@example.com", `guess-${i}`, stranger)).status).toBeGreaterThanOrEqual(401);
    expect((await signIn("admin@example.com", "admin-password-1", stranger)).status).toBe(429);
    const admin = await signIn("admin@example.com", "admin-password-1", { "x-forwarded-for": "192.0.2.10" });
    expect(admin.status).toBe(200);
    expect(admin.headers.getSetCookie().some((c) => c.startsWith("printernizer.session_token="))).toBe(true);
  });
});
