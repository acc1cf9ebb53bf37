// Coalescing never drops a state transition: several printers report telemetry every 20 ms
// while their states change (each printer's at least 250 ms apart); a client applying the
// stream sees every state each printer went through, in order, gets telemetry of a printer at
// most once per interval, and ends with exactly the database's rows. And a field that changed
// and changed back while held back still reaches a client that saw the intermediate row.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { listFarm, type FarmPrinter } from "../farm";
import { FarmCache } from "./farm-cache";
import { createPrinter, openClient, writeStatus, type TestStatus } from "./farm-cache.testing";
import { applyFarmDeltas, type FarmDeltaMessage } from "./farm-delta";
import { PrinterUpdatesHub } from "./printer-updates-hub";

let database: TestDatabase;
let hub: PrinterUpdatesHub;
let cache: FarmCache;
const intervalMs = 1_000;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
  cache = new FarmCache({ db: database.db, hub, telemetryIntervalMs: intervalMs });
});
afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cycle: TestStatus["state"][] = [
  "printing",
  "paused",
  "printing",
  "error",
  "idle",
  "printing",
  "offline",
  "idle",
];

/** The fields of a patch besides id and updatedAt carry only readings: a telemetry-only message for that printer. */
const telemetryOnly = (patch: FarmDeltaMessage["patches"][number]) =>
  Object.keys(patch).every((k) => ["id", "updatedAt", "temperatures", "lastCommunication"].includes(k));

describe("farm cache coalescing", () => {
  it("delivers every state each printer went through, in order, and telemetry at most once per interval", async () => {
    const db = database.db;
    const printers = await Promise.all(["C1", "C2", "C3", "C4"].map((n) => createPrinter(db, n)));
    for (const p of printers) await writeStatus(db, p.id, { state: "idle", nozzle: 20 });
    const start = await cache.list();
    // emission times, taken where the cache hands the message out (the interval is kept there)
    const sent: { at: number; message: FarmDeltaMessage }[] = [];
    const unsubscribe = cache.subscribe((message) => sent.push({ at: Date.now(), message }));
    const client = openClient(cache, start);

    const written = new Map<string, TestStatus["state"][]>(printers.map((p) => [p.id, ["idle"]]));
    const current = new Map<string, TestStatus["state"]>(printers.map((p) => [p.id, "idle"]));
    const endAt = Date.now() + 6_000;
    let step = 0;
    let nextState = Date.now() + 250;
    while (Date.now() < endAt) {
      // telemetry of every printer, every 20 ms
      await Promise.all(
        printers.map((p) =>
          writeStatus(db, p.id, { state: current.get(p.id)!, nozzle: 20 + Math.floor(Math.random() * 200) }),
        ),
      );
      // one of the first three printers' state every ~85 ms, so each one's changes every ~255 ms;
      // the fourth only reports readings
      if (Date.now() >= nextState) {
        const p = printers[step % 3]!;
        const state = cycle[Math.floor(step / 3) % cycle.length]!;
        if (state !== current.get(p.id)) {
          current.set(p.id, state);
          written.get(p.id)!.push(state);
          await writeStatus(db, p.id, { state, nozzle: 100 });
        }
        step++;
        nextState = Date.now() + 85;
      }
      await sleep(20);
    }

    await vi.waitFor(async () => expect(client.list()).toEqual(await listFarm(db)), { timeout: 10_000 });
    unsubscribe();
    await client.stop();

    for (const p of printers) {
      // the states the client went through, as it applied the messages one by one
      let list: FarmPrinter[] = start;
      const seen: string[] = [start.find((r) => r.id === p.id)!.state];
      for (const { message } of client.messages) {
        list = applyFarmDeltas(list, [message]);
        const state = list.find((r) => r.id === p.id)!.state;
        if (seen.at(-1) !== state) seen.push(state);
      }
      expect(written.get(p.id)!.length).toBeGreaterThan(p === printers[3] ? 0 : 10);
      expect(seen).toEqual(written.get(p.id));

      const telemetryTimes = sent.flatMap(({ at, message }) =>
        message.patches.some((patch) => patch.id === p.id && telemetryOnly(patch)) ? [at] : [],
      );
      // the reading-only printer's telemetry goes out about once a second; the others' rides on their transitions
      if (p === printers[3]) expect(telemetryTimes.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < telemetryTimes.length; i++)
        expect(telemetryTimes[i]! - telemetryTimes[i - 1]!).toBeGreaterThanOrEqual(intervalMs - 2);
    }
    // far fewer messages than writes: telemetry was held back
    expect(sent.length).toBeLessThan(6_000 / 20);
  });

  it("sends a field that changed and changed back while held back, so a client that listed the intermediate row gets it back", async () => {
    const db = database.db;
    const printer = await createPrinter(db, "Flicker");
    await writeStatus(db, printer.id, { state: "printing", nozzle: 200, jobName: "Part", progress: 1 });
    await vi.waitFor(async () =>
      expect((await cache.list()).find((p) => p.id === printer.id)?.state).toBe("printing"),
    );
    await sleep(intervalMs + 100);
    const nozzleSent = (value: number) => (message: FarmDeltaMessage) =>
      message.patches.some(
        (patch) => patch.id === printer.id && patch.temperatures?.nozzle?.current === value,
      );
    const sent: FarmDeltaMessage[] = [];
    const unsubscribe = cache.subscribe((message) => sent.push(message));
    await writeStatus(db, printer.id, { state: "printing", nozzle: 201, jobName: "Part", progress: 1 });
    await vi.waitFor(() => expect(sent.some(nozzleSent(201))).toBe(true)); // went out at once
    await writeStatus(db, printer.id, { state: "printing", nozzle: 240, jobName: "Part", progress: 1 });
    // the client lists now (read-your-writes shows 240, held back from the streams), then subscribes
    const start = await cache.list();
    expect(start.find((p) => p.id === printer.id)?.temperatures.nozzle?.current).toBe(240);
    const client = openClient(cache, start);
    await writeStatus(db, printer.id, { state: "printing", nozzle: 201, jobName: "Part", progress: 1 }); // back
    await cache.list(); // the cache has read it (held back: the last value sent was 201 already)
    await writeStatus(db, printer.id, { state: "paused", nozzle: 201, jobName: "Part", progress: 1 }); // a transition
    await vi.waitFor(() => expect(client.list().find((p) => p.id === printer.id)?.state).toBe("paused"), {
      timeout: 10_000,
    });
    // the transition's patch carried the temperatures that had changed back, not only the state
    expect(client.list().find((p) => p.id === printer.id)?.temperatures.nozzle?.current).toBe(201);
    expect(sent.some(nozzleSent(240))).toBe(false);
    expect(client.list()).toEqual(await listFarm(db));
    unsubscribe();
    await client.stop();
  });
});
