// The client's sessions are UTC whatever the server's default zone: a `now()` written into a
// `DateTime` column (timestamp without time zone) reads as the current instant in JavaScript.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

it("a now() written by SQL reads as now, on a database whose default zone is not UTC", async () => {
  const name = new URL(database.url).pathname.slice(1);
  await database.db.$executeRawUnsafe(`ALTER DATABASE "${name}" SET TimeZone = 'America/New_York'`);
  const db = createDb({ databaseUrl: database.url, max: 1 }); // new sessions: the database default applies
  try {
    const [zone] = await db.$queryRaw<{ TimeZone: string }[]>`SHOW TimeZone`;
    expect(zone?.TimeZone).toBe("UTC");
    await db.workerNode.create({ data: { id: "tz", hostname: "h", pid: 1, version: "v" } });
    await db.$executeRaw`UPDATE "WorkerNode" SET "lastHeartbeat" = now() WHERE "id" = 'tz'`;
    const row = await db.workerNode.findUniqueOrThrow({ where: { id: "tz" } });
    expect(Math.abs(Date.now() - row.lastHeartbeat.getTime())).toBeLessThan(60_000);
  } finally {
    await db.$disconnect();
  }
});
