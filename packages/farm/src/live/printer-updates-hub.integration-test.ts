// Whoever can reach the database can NOTIFY anything on the hub's channels: a payload that is
// not ours is ignored (reported once to `onMalformed`), and the hub goes on with the next one.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { channels } from "@printernizer/db/channels";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { notify } from "../notify";
import { PrinterUpdatesHub, type PrinterChange } from "./printer-updates-hub";

let database: TestDatabase;
let hub: PrinterUpdatesHub;
const malformed: [string, string][] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new PrinterUpdatesHub({
    databaseUrl: database.url,
    batchMs: 20,
    onMalformed: (channel, payload) => malformed.push([channel, payload]),
  });
});
afterAll(async () => {
  await hub.close();
  await database?.drop();
});

const listening = () =>
  database.db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'printernizer-web-live' AND datname = current_database() AND query LIKE 'LISTEN%'`;

describe("PrinterUpdatesHub", () => {
  it("ignores garbage NOTIFYed on its channels and still delivers the next real change", async () => {
    const batches: PrinterChange[][] = [];
    const unsubscribe = hub.subscribe((batch) => batches.push(batch));
    await vi.waitFor(async () => expect((await listening())[0]!.n).toBe(1n), { timeout: 10_000 });

    const garbage: [string, string][] = [
      [channels.printerUpdates, "not json"],
      [channels.printerUpdates, '{"p":42,"c":["status"]}'],
      [channels.printerUpdates, '{"p":"prn_x","c":["melted"]}'],
      [channels.printerUpdates, "[".repeat(7_000)],
      [channels.printersChanged, ""],
    ];
    for (const [channel, payload] of garbage)
      await database.db.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
    await notify(database.db, "printerUpdates", { printerId: "prn_real", changes: ["status", "job"] });

    await vi.waitFor(() =>
      expect(batches.flat()).toEqual([{ printerId: "prn_real", changes: ["status", "job"] }]),
    );
    expect(malformed).toEqual(garbage);
    expect((await listening())[0]!.n).toBe(1n); // the same connection: garbage never made it reconnect
    unsubscribe();
  });
});
