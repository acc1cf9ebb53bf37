// The reconnecting LISTEN connection against a real Postgres: its backend terminated by the
// server, a database that is not there yet, and a stop while a reconnect is pending.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { ListenConnection, type ListenOptions } from "./listen";
import { adminQuery, createTestDatabase, databaseUrl, type TestDatabase } from "./testing/test-database";

let database: TestDatabase;
const open: ListenConnection[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(open.map((connection) => connection.stop()));
  await database?.drop();
});

function recorder(overrides: Partial<ListenOptions> & Pick<ListenOptions, "databaseUrl">) {
  const events: string[] = [];
  const received: [string, string][] = [];
  const applicationName = `listen-test-${randomBytes(4).toString("hex")}`;
  const connection = new ListenConnection({
    channels: ["listen_test_a", 'listen "test" b'],
    applicationName,
    backoff: { firstMs: 20, maxMs: 200 },
    onNotification: (channel, payload) => received.push([channel, payload]),
    onMaybeMissed: () => events.push("maybe missed"),
    onConnectionLost: () => events.push("lost"),
    onConnectFailed: () => events.push("connect failed"),
    ...overrides,
  });
  open.push(connection);
  return { connection, events, received, applicationName };
}

const notify = (channel: string, payload: string) =>
  database.db.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
const terminate = (applicationName: string) =>
  database.db.$queryRaw<
    { ok: boolean }[]
  >`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = ${applicationName}`;

describe("ListenConnection", () => {
  it("receives notifications on every channel, reconnects after its backend is terminated, reports that notifications may have been missed, and receives the next one", async () => {
    const { connection, events, received, applicationName } = recorder({ databaseUrl: database.url });
    await connection.start();
    expect(connection.listening).toBe(true);
    await notify("listen_test_a", "one");
    await notify('listen "test" b', "two");
    await vi.waitFor(() =>
      expect(received).toEqual([
        ["listen_test_a", "one"],
        ['listen "test" b', "two"],
      ]),
    );
    expect(events).toEqual([]);

    expect(await terminate(applicationName)).toEqual([{ ok: true }]);
    await vi.waitFor(() => expect(events).toEqual(["lost", "maybe missed"]), { timeout: 10_000 });
    expect(connection.listening).toBe(true);

    await notify("listen_test_a", "three");
    await vi.waitFor(() => expect(received.at(-1)).toEqual(["listen_test_a", "three"]));
    expect(received).toHaveLength(3);
  });

  it("keeps trying while the database is not there, and reports maybe-missed once it listens", async () => {
    const { adminUrl } = inject("printernizerPg");
    const name = `t_late_${randomBytes(4).toString("hex")}`;
    const { connection, events, received } = recorder({ databaseUrl: databaseUrl(adminUrl, name) });
    await connection.start(); // resolves after the failed first attempt
    expect(connection.listening).toBe(false);
    expect(events[0]).toBe("connect failed");
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    try {
      await vi.waitFor(() => expect(events.at(-1)).toBe("maybe missed"), { timeout: 10_000 });
      expect(events.filter((e) => e !== "connect failed")).toEqual(["maybe missed"]);
      await adminQuery(databaseUrl(adminUrl, name), `SELECT pg_notify('listen_test_a', 'late')`);
      await vi.waitFor(() => expect(received).toEqual([["listen_test_a", "late"]]));
    } finally {
      await connection.stop();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it("stops for good: no reconnect after stop, even with one pending", async () => {
    const { connection, events, applicationName } = recorder({
      databaseUrl: database.url,
      backoff: { firstMs: 300, maxMs: 300 },
    });
    await connection.start();
    await terminate(applicationName);
    await vi.waitFor(() => expect(events).toEqual(["lost"]));
    await connection.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events).toEqual(["lost"]);
    expect(connection.listening).toBe(false);
    const rows = await database.db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ${applicationName}`;
    expect(rows[0]!.n).toBe(0n);
  });
});
