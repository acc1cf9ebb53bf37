// A large fleet is attached by one reconcile: the printers' memory is read in a few queries for all
// of them, and their first connection attempts run in parallel, at most `parallelConnects` at once
// (observed by counting the real PrusaLink adapters' connect() calls in flight).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { inProcessFleet, insertPrusaSimulator, prusalinkKindWith, until } from "../../test/helpers";
import { OfflineNotifier } from "../notifications/offline-notifier";

const printerCount = 24;
const parallelConnects = 4;

describe("one reconcile attaches a fleet in parallel, bounded", () => {
  let database: TestDatabase;
  const sims: PrusaLinkSimulator[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let connectCalls = 0;

  // The real PrusaLink kind, its adapters' connect() counted while in flight.
  const counted = prusalinkKindWith((adapter) => {
    const connect = adapter.connect.bind(adapter);
    adapter.connect = async (signal) => {
      connectCalls++;
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      try {
        // Each first attempt takes a while, so a gate that does not bound would show it.
        await new Promise((r) => setTimeout(r, 150));
        return await connect(signal);
      } finally {
        inFlight--;
      }
    };
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < printerCount; i++)
      sims.push((await insertPrusaSimulator(database.db, `Attach ${i}`, `127.64.1.${i + 1}`)).sim);
    await database.db.workerNode.create({
      data: { id: "attach-worker", hostname: "test", pid: 1, version: "test" },
    });
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await database.drop();
  });

  it(`connects ${printerCount} printers from one reconcile, at most ${parallelConnects} first attempts at once`, async () => {
    const offline = new OfflineNotifier({ db: database.db, graceMs: 60_000, record: () => {} });
    const { fleet, stop } = inProcessFleet(database.db, "attach-worker", {
      kinds: { prusalink: counted },
      offline,
      parallelConnects,
      connectSlotMs: 60_000, // slots held until each first attempt ends, however slow the machine
    });
    try {
      // One reconcile, no timer: it claims and attaches every printer.
      await fleet.tick();
      expect(fleet.ownedPrinterIds()).toHaveLength(printerCount);
      await until(
        "every printer connected",
        async () => (await database.db.liveStatus.count({ where: { connected: true } })) === printerCount,
        30_000,
      );
      expect(connectCalls).toBe(printerCount);
      // bounded, and parallel up to the bound
      expect(peakInFlight).toBe(parallelConnects);
      expect(await database.db.printerLease.count({ where: { ownerId: "attach-worker" } })).toBe(
        printerCount,
      );
    } finally {
      await stop();
    }
  });
});
