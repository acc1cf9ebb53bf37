// One adapter that never finishes disconnecting must not stall the worker's fleet reconcile: the
// detach gives up after `disconnectTimeoutMs`, says so, hands the printer back, and later ticks
// (other printers' edits, rebalancing) go on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import type { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { inProcessFleet, insertPrusaSimulator, prusalinkKindWith, until } from "../../test/helpers";

describe("a printer whose adapter never finishes disconnecting", () => {
  let database: TestDatabase;
  const sims: PrusaLinkSimulator[] = [];
  const ids: string[] = [];
  let disconnectCalls = 0;

  // The real PrusaLink kind, except that disconnect() never settles.
  const stuck = prusalinkKindWith((adapter) => {
    adapter.disconnect = () => {
      disconnectCalls++;
      return new Promise<void>(() => {});
    };
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const { sim, row } = await insertPrusaSimulator(database.db, `Stuck ${i}`, `127.64.2.${i + 1}`);
      sims.push(sim);
      ids.push(row.id);
    }
    await database.db.workerNode.create({
      data: { id: "stuck-worker", hostname: "test", pid: 1, version: "test" },
    });
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
    await database.drop();
  });

  it("is given up on after the timeout; its lease is released and the next reconcile runs", async () => {
    const { fleet, stop } = inProcessFleet(database.db, "stuck-worker", {
      kinds: { prusalink: stuck },
      disconnectTimeoutMs: 500,
    });
    try {
      await fleet.tick();
      expect(fleet.ownedPrinterIds()).toHaveLength(2);
      await until(
        "both connected",
        async () => (await database.db.liveStatus.count({ where: { connected: true } })) === 2,
        30_000,
      );
      // Disabling the first printer detaches it: its disconnect never ends, the reconcile does.
      await database.db.printer.update({ where: { id: ids[0]! }, data: { enabled: false } });
      const tick = fleet.tick().then(() => "done" as const);
      const outcome = await Promise.race([
        tick,
        new Promise<"stalled">((r) => setTimeout(() => r("stalled"), 10_000)),
      ]);
      expect(outcome).toBe("done");
      expect(disconnectCalls).toBe(1);
      expect(fleet.ownedPrinterIds()).toEqual([ids[1]]);
      expect(await database.db.printerLease.count({ where: { printerId: ids[0]! } })).toBe(0);
      // and a later edit of the other printer is still picked up by the next reconcile
      await database.db.printer.update({ where: { id: ids[1]! }, data: { enabled: false } });
      await fleet.tick();
      expect(fleet.ownedPrinterIds()).toEqual([]);
    } finally {
      await stop();
    }
  });
});
