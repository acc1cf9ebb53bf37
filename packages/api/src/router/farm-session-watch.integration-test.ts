// A live stream outlives no session: signing out, disabling the user or changing their role
// ends the dashboard stream within 5 s, while other users' streams keep flowing. Real
// better-auth sessions, a real migrated Postgres and the real hub.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, deriveAuthSecret, type Auth } from "@printernizer/auth";
import {
  apiKeySessionPrefix,
  authenticateApiKey,
  createApiKey,
  revokeApiKey,
} from "@printernizer/auth/api-keys";
import { createUser, setDisabled, setRole, setupFirstAdmin } from "@printernizer/auth/users";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { appRouter } from "../root";
import type { Role } from "../roles";
import { createCallerFactory, createTRPCContext } from "../trpc";
import { FarmCache } from "@printernizer/farm/live/farm-cache";
import { PrinterUpdatesHub } from "@printernizer/farm/live/printer-updates-hub";

let database: TestDatabase;
let hub: PrinterUpdatesHub;
let farm: FarmCache;
let auth: Auth;
let printerId: string;

interface OpenStream {
  userId: string;
  cookie: string;
  next(timeoutMs: number): Promise<"message" | "ended" | "timeout">;
}

async function openStream(email: string, password: string): Promise<OpenStream> {
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const found = await auth.api.getSession({ headers: new Headers({ cookie }) });
  if (!found) throw new Error("sign-in failed");
  const user = found.user as typeof found.user & { role: Role };
  const ctx = createTRPCContext({
    db: database.db,
    headers: new Headers(),
    hub,
    farm,
    session: {
      sessionId: found.session.id,
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    },
  });
  return { userId: user.id, cookie, ...(await subscribe(ctx)) };
}

/** A stream opened with an API key, as /api/trpc does for `Authorization: Bearer pk_…`. */
async function openKeyStream(userId: string, role: Role) {
  const { key, secret } = await createApiKey(database.db, { id: userId, role }, { name: "script", role });
  const auth = await authenticateApiKey(database.db, secret);
  if (!auth.ok) throw new Error(auth.reason);
  const ctx = createTRPCContext({
    db: database.db,
    headers: new Headers(),
    hub,
    farm,
    session: { sessionId: apiKeySessionPrefix + auth.key.id, user: auth.user },
    apiKey: { id: auth.key.id, keyPrefix: auth.key.keyPrefix },
  });
  return { keyId: key.id, ...(await subscribe(ctx)) };
}

async function subscribe(ctx: ReturnType<typeof createTRPCContext>) {
  const iterator = (await createCallerFactory(appRouter)(ctx).farm.updates())[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<unknown>> | undefined;
  return {
    async next(timeoutMs: number): Promise<"message" | "ended" | "timeout"> {
      pending ??= iterator.next();
      const outcome = await Promise.race([
        pending.then(
          (r) => (r.done ? "ended" : "message"),
          () => "ended" as const,
        ),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs)),
      ]);
      if (outcome !== "timeout") pending = undefined;
      return outcome;
    },
  };
}

let touches = 0;
/** A change every stream hears at once (a printer's model: a transition, never held back). */
async function touchPrinter() {
  await database.db.printer.update({ where: { id: printerId }, data: { model: `MK${++touches}` } });
}

/** The stream is live (a change reaches it), then `revoke` ends it within 5 s, and a bystander's stream still gets changes. */
async function expectEndedBy(
  stream: Pick<OpenStream, "next">,
  bystander: OpenStream,
  revoke: () => Promise<unknown>,
) {
  const first = stream.next(10_000);
  const bystanderFirst = bystander.next(10_000);
  await new Promise((r) => setTimeout(r, 300)); // both subscribed
  await touchPrinter();
  expect(await first).toBe("message");
  expect(await bystanderFirst).toBe("message");
  await revoke();
  const revokedAt = Date.now();
  expect(await stream.next(5_000)).toBe("ended");
  expect(Date.now() - revokedAt).toBeLessThan(5_000);
  const later = bystander.next(10_000);
  await touchPrinter();
  expect(await later).toBe("message");
}

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
  farm = new FarmCache({ db: database.db, hub });
  auth = createAuth({ db: database.db, secret: deriveAuthSecret("ef".repeat(32)) });
  await setupFirstAdmin(database.db, {
    email: "admin@example.com",
    name: "Admin",
    password: "admin-password-1",
  });
  for (const who of ["leaver", "demoted", "quitter", "keyholder"])
    await createUser(database.db, {
      email: `${who}@example.com`,
      name: who,
      password: `${who}-password-1`,
      role: "operator",
    });
  printerId = (
    await database.db.printer.create({
      data: { kind: "prusalink", name: "Shared", host: "10.0.0.9", credentials: "x" },
    })
  ).id;
});
afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

describe("live streams end with the session", () => {
  it("ends a disabled user's stream within 5 s", async () => {
    const admin = await openStream("admin@example.com", "admin-password-1");
    const leaver = await openStream("leaver@example.com", "leaver-password-1");
    await expectEndedBy(leaver, admin, () => setDisabled(database.db, leaver.userId, true));
  });

  it("ends a demoted user's stream within 5 s", async () => {
    const admin = await openStream("admin@example.com", "admin-password-1");
    const demoted = await openStream("demoted@example.com", "demoted-password-1");
    await expectEndedBy(demoted, admin, () => setRole(database.db, demoted.userId, "viewer"));
  });

  it("ends the stream of a session that signed out within 5 s", async () => {
    const admin = await openStream("admin@example.com", "admin-password-1");
    const quitter = await openStream("quitter@example.com", "quitter-password-1");
    await expectEndedBy(quitter, admin, () =>
      auth.api.signOut({ headers: new Headers({ cookie: quitter.cookie }) }),
    );
  });

  it("keeps a stream made with an API key open, and ends it within 5 s of the key's revocation", async () => {
    const admin = await openStream("admin@example.com", "admin-password-1");
    const owner = await database.db.user.findUniqueOrThrow({ where: { email: "keyholder@example.com" } });
    const script = await openKeyStream(owner.id, "viewer");
    const until = Date.now() + 7_000; // two re-checks of the watch pass
    while (Date.now() < until) expect(await script.next(until - Date.now())).not.toBe("ended");
    await expectEndedBy(script, admin, () => revokeApiKey(database.db, script.keyId, owner.id));
  });
});
