// Wall-display links against a real migrated Postgres and the real farm cache: the token is
// stored only as its SHA-256, last use is written at most once a minute, a revoked link stops
// (calls at once, open streams within seconds), invalid links are throttled per address, and a
// link grants nothing but the wall's two read procedures, however it is presented.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressHeader } from "@printernizer/auth/client-address";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { kioskGuardLimits } from "@printernizer/farm/kiosk-access";
import { FarmCache } from "@printernizer/farm/live/farm-cache";
import { PrinterUpdatesHub } from "@printernizer/farm/live/printer-updates-hub";
import { accessTable } from "../access-table";
import { appRouter } from "../root";
import { callerFor, codeOf, procedureAt, routerProcedures, testCipher } from "../testing/callers";
import { createCallerFactory, createTRPCContext } from "../trpc";

let database: TestDatabase;
let hub: PrinterUpdatesHub;
let farm: FarmCache;
let printerId: string;
const cipher = testCipher();
const printerHost = "10.74.13.37";

/** An anonymous caller (a wall) from `ip`, with whatever headers it sends. */
function wallCaller(ip: string, headers: Record<string, string> = {}) {
  return createCallerFactory(appRouter)(
    createTRPCContext({
      db: database.db,
      headers: new Headers({ [clientAddressHeader]: ip, "user-agent": "wall", ...headers }),
      hub,
      farm,
      cipher,
      session: null,
    }),
  );
}

const admin = () => callerFor(database.db, "admin", cipher);

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
  farm = new FarmCache({ db: database.db, hub });
  // the admin the test callers act as (callerFor's session), so the list can name the creator
  await database.db.user.create({
    data: { id: "test-admin", name: "Test admin", email: "test-admin@printernizer.test", role: "admin" },
  });
  printerId = (
    await database.db.printer.create({
      data: { kind: "prusalink", name: "Wall MK4", host: printerHost, credentials: "sealed-secret" },
    })
  ).id;
});
afterAll(async () => {
  farm?.close();
  await hub?.close();
  await database?.drop();
});

describe("wall-display links", () => {
  it("shows the token once and stores only its SHA-256 and first characters; audited without it", async () => {
    const created = await admin().kiosk.create({ name: "Workshop TV" });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const row = await database.db.kioskToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row.tokenPrefix).toBe(created.token.slice(0, 8));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = await admin().kiosk.list();
    expect(listed.find((l) => l.id === created.id)).toMatchObject({
      name: "Workshop TV",
      tokenPrefix: created.token.slice(0, 8),
      createdBy: "Test admin",
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: "kiosk.create" } });
    expect(audit).toMatchObject({ targetId: created.id, targetLabel: "Workshop TV", actorId: "test-admin" });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("opens the wall without a session, shows no host or credentials, and marks last use at most once a minute", async () => {
    const { token, id } = await admin().kiosk.create({ name: "Hall" });
    const wall = await wallCaller("198.51.100.1").wall.list({ token });
    expect(wall.name).toBe("Hall");
    expect(wall.printers.map((p) => p.name)).toEqual(["Wall MK4"]);
    expect(Object.keys(wall.printers[0]!)).not.toContain("host");
    expect(JSON.stringify(wall)).not.toContain(printerHost);
    expect(JSON.stringify(wall)).not.toContain("sealed-secret");
    const firstUse = (await database.db.kioskToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);
    await wallCaller("198.51.100.1").wall.list({ token });
    expect((await database.db.kioskToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(firstUse);
    // a minute later the next use is written
    const earlier = new Date(Date.now() - 61_000);
    await database.db.kioskToken.update({ where: { id }, data: { lastUsedAt: earlier } });
    await wallCaller("198.51.100.1").wall.list({ token });
    const later = (await database.db.kioskToken.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
    expect(later.getTime()).toBeGreaterThan(earlier.getTime());
  });

  it("grants no other procedure, whether the token comes as input, bearer, cookie or header", async () => {
    const { token } = await admin().kiosk.create({ name: "Lobby" });
    const caller = wallCaller("198.51.100.2", {
      authorization: `Bearer ${token}`,
      cookie: `printernizer.kiosk=${token}`,
      "x-printernizer-kiosk": token,
    });
    const input = {
      token,
      id: printerId,
      printerId,
      printerIds: [printerId],
      ids: [printerId],
      command: "pause",
    };
    const outcomes: Record<string, string> = {};
    for (const { path } of routerProcedures()) {
      if (accessTable[path] === "kiosk") continue;
      const code = await codeOf(Promise.resolve().then(() => procedureAt(caller, path)(input)));
      outcomes[path] = accessTable[path] === "public" ? "public" : code.split(":")[0]!;
    }
    const expected = Object.fromEntries(
      Object.keys(outcomes).map((path) => [path, accessTable[path] === "public" ? "public" : "UNAUTHORIZED"]),
    );
    expect(outcomes).toEqual(expected);
    expect(await database.db.printerCommand.count()).toBe(0);
    expect((await caller.wall.list({ token })).printers).toHaveLength(1);
  });

  it("a revoked link stops at once for calls and within seconds for an open stream; audited", async () => {
    const { token, id } = await admin().kiosk.create({ name: "Office" });
    const caller = wallCaller("198.51.100.3");
    const iterator = (await caller.wall.updates({ token }))[Symbol.asyncIterator]();
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 300)); // subscribed
    await database.db.printer.update({ where: { id: printerId }, data: { model: "MK4S" } });
    const message = await first;
    expect(message.done).toBe(false);
    expect(JSON.stringify(message.value)).toContain("MK4S");
    expect(JSON.stringify(message.value)).not.toContain(printerHost);

    const pending = iterator.next().then(
      () => "ended without error",
      (error: Error) => error.message,
    );
    await admin().kiosk.revoke({ id });
    expect(await codeOf(caller.wall.list({ token }))).toBe(
      "UNAUTHORIZED: This wall-display link is not valid (revoked or mistyped). Ask an admin for a new one.",
    );
    const ended = await Promise.race([
      pending,
      new Promise<string>((resolve) => setTimeout(() => resolve("still open after 8 s"), 8_000)),
    ]);
    expect(ended).toContain("This wall-display link is not valid");
    expect((await admin().kiosk.list()).find((l) => l.id === id)?.revokedAt).toBeInstanceOf(Date);
    expect(await database.db.auditLog.count({ where: { action: "kiosk.revoke", targetId: id } })).toBe(1);
  });

  it("throttles invalid links per address, and then refuses even a valid one from there", async () => {
    const { token } = await admin().kiosk.create({ name: "Throttled" });
    const guesser = wallCaller("198.51.100.66");
    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (let i = 0; i < kioskGuardLimits.perAddress; i++)
      expect(await codeOf(guesser.wall.list({ token: wrong }))).toMatch(/^UNAUTHORIZED: /);
    expect(await codeOf(guesser.wall.list({ token }))).toMatch(/^TOO_MANY_REQUESTS: Too many invalid/);
    expect(await database.db.auditLog.count({ where: { action: "kiosk.denied", ip: "198.51.100.66" } })).toBe(
      kioskGuardLimits.perAddress,
    );
    expect((await wallCaller("198.51.100.67").wall.list({ token })).name).toBe("Throttled");
  });
});
