// /api/v1 and the tRPC layer with personal API keys against a real PostgreSQL: a key calls the
// documented paths as its user with its (capped) role, every call is in the audit log under that
// user, refused (403) calls of keys and signed-in users are audited and coalesced, and a key
// cannot manage keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey } from "@printernizer/auth/api-keys";
import { createUser, setRole } from "@printernizer/auth/users";
import { clientAddressHeader } from "@printernizer/auth/client-address";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { callerFor, codeOf, testCipher } from "../testing/callers";
import { appRouter } from "../root";
import { createCallerFactory, createTRPCContext, type CreateContextOptions } from "../trpc";
import { handleRestCall } from "./rest-handler";

let database: TestDatabase;
const cipher = testCipher();
let printerId: string;
let user: { id: string; email: string; role: string };

beforeAll(async () => {
  database = await createTestDatabase();
  user = await createUser(database.db, {
    email: "script@example.com",
    name: "Script",
    password: "script-password-1",
    role: "operator",
  });
  printerId = (
    await database.db.printer.create({
      data: { kind: "prusalink", name: "Key MK4", host: "10.0.0.9", credentials: "sealed" },
    })
  ).id;
  const status = {
    state: "printing",
    temperatures: {},
    filament: [],
    errors: [],
    job: { id: "1", name: "a.bgcode", state: "PRINTING" },
  };
  await database.db.liveStatus.create({
    data: {
      printerId,
      state: "printing",
      connected: true,
      jobName: "a.bgcode",
      status,
      stateChangedAt: new Date(),
      updatedAt: new Date(),
    },
  });
});
afterAll(async () => database?.drop());

/** What the web route does: the key's user and role into the context, then the REST call. */
async function call(secret: string, method: string, path: string, body?: unknown) {
  const headers = new Headers({
    authorization: `Bearer ${secret}`,
    [clientAddressHeader]: "198.51.100.4",
    "user-agent": "curl/8",
  });
  const auth = await authenticateApiKey(database.db, secret);
  if (!auth.ok) throw new Error(auth.reason);
  const context: CreateContextOptions = {
    db: database.db,
    headers,
    cipher,
    session: { sessionId: `apikey:${auth.key.id}`, user: auth.user },
    apiKey: { id: auth.key.id, keyPrefix: auth.key.keyPrefix },
  };
  const response = await handleRestCall(
    new Request(`http://127.75.0.1/api/v1${path}`, { method, headers }),
    body,
    context,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const auditOf = (action: string) =>
  database.db.auditLog.findMany({ where: { action, actorId: user.id }, orderBy: { createdAt: "asc" } });

describe("/api/v1 with an API key", () => {
  it("lists printers and pauses one with an operator key, audited under the key's user", async () => {
    const { key, secret } = await createApiKey(database.db, user, { name: "farm script", role: "operator" });
    const list = await call(secret, "GET", "/printers");
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: printerId, name: "Key MK4" })]),
    );
    const paused = await call(secret, "POST", `/printers/${printerId}/pause`, {});
    expect(paused).toMatchObject({ status: 200, body: { commandId: expect.any(String) } });
    expect(await database.db.printerCommand.count({ where: { printerId, kind: "pause" } })).toBe(1);

    const [read] = await auditOf("api.farm.list");
    expect(read).toMatchObject({ outcome: "success", actorEmail: "script@example.com", ip: "198.51.100.4" });
    expect(read!.details).toMatchObject({
      apiKeyId: key.id,
      keyPrefix: key.keyPrefix,
      procedure: "farm.list",
    });
    expect(await auditOf("api.printer.command")).toEqual([expect.objectContaining({ outcome: "success" })]);
    // the procedure's own entry names the key's user too
    expect(await auditOf("printer.pause")).toHaveLength(1);
  });

  it("answers a viewer key's pause with 403 and audits it as refused; bad input is a 400 sentence", async () => {
    const { secret } = await createApiKey(database.db, user, { name: "reader", role: "viewer" });
    const refused = await call(secret, "POST", `/printers/${printerId}/cancel`, {});
    expect(refused).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: expect.stringMatching(/needs the operator role/) } },
    });
    const rows = await database.db.auditLog.findMany({
      where: { action: "api.printer.command", outcome: "refused" },
    });
    expect(rows).toEqual([expect.objectContaining({ actorId: user.id })]);

    const bad = await call(secret, "GET", "/jobs?limit=1000");
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: /limit: At most 100 jobs/ } },
    });
    expect((await call(secret, "GET", "/nowhere")).status).toBe(404);
    expect((await call(secret, "GET", `/printers/${printerId}/pause`)).status).toBe(405);
    const events = await call(secret, "GET", `/events?limit=5&printerId=${printerId}`);
    expect(events.status).toBe(200);
  });

  it("caps the key's role at the user's current role", async () => {
    const { secret } = await createApiKey(database.db, user, { name: "demoted", role: "operator" });
    await setRole(database.db, user.id, "viewer");
    try {
      expect((await call(secret, "POST", "/queue/pause")).status).toBe(403);
    } finally {
      await setRole(database.db, user.id, "operator");
    }
  });
});

describe("refused calls of signed-in users", () => {
  it("are audited as refused, one row per user and procedure a minute with the repeats counted", async () => {
    const viewer = callerFor(database.db, "viewer", cipher);
    for (let i = 0; i < 20; i++) expect(await codeOf(viewer.queue.pause())).toMatch(/^FORBIDDEN/);
    const rows = await database.db.auditLog.findMany({ where: { action: "access.queue.pause" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: "refused",
      actorId: "test-viewer",
      details: { repeats: 19, procedure: "queue.pause" },
    });
    // allowed calls of a session are not logged by this layer
    await viewer.queue.settings();
    expect(await database.db.auditLog.count({ where: { action: { endsWith: "queue.settings" } } })).toBe(0);
  });

  it("a key cannot list, create or revoke keys; the signed-in user can", async () => {
    const { key, secret } = await createApiKey(database.db, user, { name: "no keys", role: "operator" });
    const auth = await authenticateApiKey(database.db, secret);
    if (!auth.ok) throw new Error(auth.reason);
    const session = { sessionId: `apikey:${key.id}`, user: auth.user };
    const withKey = createCallerFactory(appRouter)(
      createTRPCContext({
        db: database.db,
        headers: new Headers(),
        session,
        apiKey: { id: key.id, keyPrefix: key.keyPrefix },
      }),
    );
    expect(await codeOf(withKey.apiKeys.list())).toMatch(
      /^FORBIDDEN: API keys are managed from a signed-in browser/,
    );
    expect(await codeOf(withKey.apiKeys.revoke({ keyId: key.id }))).toMatch(/^FORBIDDEN/);
    const signedIn = callerFor(database.db, "operator", cipher, session);
    expect((await signedIn.apiKeys.list()).map((k) => k.id)).toContain(key.id);
    expect(await codeOf(signedIn.apiKeys.create({ name: "admin please", role: "admin" }))).toMatch(
      /^FORBIDDEN: A key cannot have more rights than you/,
    );
  });
});
