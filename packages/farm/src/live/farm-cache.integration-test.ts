// The web process's farm cache against a real migrated Postgres and the real hub: a stream
// that missed notifications (LISTEN connection dropped) still ends with exactly the database's
// rows, farm.list reads its own writes before their notification, a resumed stream first gets
// what changed since its cursor, and every stream gets the very same message objects.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { listFarm } from "../farm";
import { confirmPlatesCleared } from "../print-requests-plate";
import { FarmCache } from "./farm-cache";
import { mergeFarmLists, type FarmDeltaMessage } from "./farm-delta";
import { createPrinter, openClient, terminateListen, writeStatus } from "./farm-cache.testing";
import { farmUpdates } from "./farm-updates";
import { PrinterUpdatesHub } from "./printer-updates-hub";

let database: TestDatabase;
let hub: PrinterUpdatesHub;
let cache: FarmCache;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
  cache = new FarmCache({ db: database.db, hub });
});
afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

describe("farm cache", () => {
  it("serves the same rows as listFarm", async () => {
    const db = database.db;
    const a = await createPrinter(db, "Alpha");
    await createPrinter(db, "beta");
    await writeStatus(db, a.id, { state: "printing", nozzle: 215, jobName: "Benchy", progress: 12 });
    await db.printer.update({ where: { id: a.id }, data: { awaitingPlateClearSince: new Date() } });
    // rows written by hand or by an older version: read as sanely as listFarm reads them
    const odd = await createPrinter(db, "Odd");
    await writeStatus(db, odd.id, { state: "idle", nozzle: 20 });
    await db.$executeRaw`UPDATE "LiveStatus" SET "status" = '"garbage"', "updatedAt" = now() WHERE "printerId" = ${odd.id}`;
    const partial = await createPrinter(db, "Partial");
    await writeStatus(db, partial.id, { state: "idle", nozzle: 20 });
    await db.$executeRaw`UPDATE "LiveStatus" SET "status" = jsonb_build_object('filament', jsonb_build_array(
      jsonb_build_object('unit', 0, 'slot', 1, 'active', true, 'material', 'PLA'), jsonb_build_object('unit', 'x')),
      'errors', '{}'::jsonb, 'temperatures', jsonb_build_object('bed', jsonb_build_object('current', 60))),
      "updatedAt" = now() WHERE "printerId" = ${partial.id}`;
    const listed = await cache.list();
    expect(listed).toEqual(await listFarm(db));
    expect(listed.map((p) => p.name)).toEqual(["Alpha", "beta", "Odd", "Partial"]);
    expect(listed.find((p) => p.id === partial.id)?.filament).toEqual([
      { unit: 0, slot: 1, active: true, material: "PLA" },
    ]);
    await db.printer.deleteMany({ where: { id: { in: [odd.id, partial.id] } } });
    expect(JSON.stringify(listed)).not.toContain("sealed-secret");
  });

  it("ends with exactly the database's rows when its LISTEN connection drops while rows change, go and come", async () => {
    const db = database.db;
    const keep = await createPrinter(db, "Keep");
    const gone = await createPrinter(db, "Gone");
    await writeStatus(db, keep.id, { state: "idle", nozzle: 25 });
    const client = openClient(cache, await cache.list());
    await hub.whenListening();

    expect(await terminateListen(db)).toBe(1);
    // while the hub is away (it reconnects after 250 ms): these notifications are lost
    await writeStatus(db, keep.id, { state: "printing", nozzle: 210, jobName: "Gear", progress: 3 });
    await db.printer.delete({ where: { id: gone.id } });
    const added = await createPrinter(db, "Added");
    await writeStatus(db, added.id, { state: "paused", nozzle: 180, jobName: "Clip", progress: 50 });
    await db.printer.update({ where: { id: keep.id }, data: { name: "Keep (renamed)" } });

    await vi.waitFor(async () => expect(client.list()).toEqual(await listFarm(db)), {
      timeout: 15_000,
      interval: 100,
    });
    const names = client.list().map((p) => p.name);
    expect(names).toContain("Added");
    expect(names).not.toContain("Gone");
    expect(client.messages.flatMap((m) => m.message.removed)).toContain(gone.id);
    // then the stream goes on from the new connection
    await writeStatus(db, added.id, { state: "printing", nozzle: 200, jobName: "Clip", progress: 51 });
    await vi.waitFor(async () => expect(client.list()).toEqual(await listFarm(db)), { timeout: 10_000 });
    await client.stop();
  });

  it("streams a printer's new location and tags as a patch of those fields (the dashboard regroups)", async () => {
    const db = database.db;
    const printer = await createPrinter(db, "Placed");
    const client = openClient(cache, await cache.list());
    await hub.whenListening();
    await db.printer.update({
      where: { id: printer.id },
      data: { location: "Room 2 / Rack A", tags: ["PETG", "0.6 nozzle"] },
    });
    await vi.waitFor(
      () =>
        expect(client.list().find((p) => p.id === printer.id)).toMatchObject({
          location: "Room 2 / Rack A",
          tags: ["PETG", "0.6 nozzle"],
        }),
      { timeout: 10_000, interval: 50 },
    );
    const patch = client.messages
      .flatMap((m) => m.message.patches)
      .find((p) => p.id === printer.id && p.location !== undefined);
    expect(patch).toMatchObject({ location: "Room 2 / Rack A", tags: ["PETG", "0.6 nozzle"] });
    expect(client.list()).toEqual(await listFarm(db));
    await client.stop();
    await db.printer.delete({ where: { id: printer.id } });
  });

  it("lists a printer written a moment ago before its notification arrives (read-your-writes)", async () => {
    const db = database.db;
    // a hub that holds notifications back for 10 s: only the list's own query can show the write
    const slowHub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 10_000 });
    const slow = new FarmCache({ db, hub: slowHub });
    try {
      const before = await slow.list();
      const printer = await createPrinter(db, "Just added");
      await writeStatus(db, printer.id, { state: "printing", nozzle: 205, jobName: "Hook", progress: 7 });
      const renamed = before[0]!;
      await db.printer.update({ where: { id: renamed.id }, data: { model: "MK4S" } });
      const after = await slow.list();
      expect(after.find((p) => p.id === printer.id)).toMatchObject({
        state: "printing",
        job: { name: "Hook" },
      });
      expect(after.find((p) => p.id === renamed.id)?.model).toBe("MK4S");
      // a printer row saved with a time older than the newest status already read (another writer's
      // clock, or a status read in between) is still seen
      await writeStatus(db, printer.id, { state: "printing", nozzle: 206, jobName: "Hook", progress: 8 });
      await slow.list();
      await db.$executeRaw`UPDATE "Printer" SET "name" = 'Renamed late', "updatedAt" = now() - interval '1 second' WHERE "id" = ${renamed.id}`;
      expect((await slow.list()).find((p) => p.id === renamed.id)?.name).toBe("Renamed late");
      // a removal has no newer row: the printer count tells, and the list reloads
      await db.printer.delete({ where: { id: printer.id } });
      expect((await slow.list()).map((p) => p.id)).not.toContain(printer.id);
      expect(await slow.list()).toEqual(await listFarm(db));
    } finally {
      await slowHub.close();
    }
  });

  it("a plate cleared is a newer row version: listed before its notification, and kept over an older list", async () => {
    const db = database.db;
    const slowHub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 10_000 });
    const slow = new FarmCache({ db, hub: slowHub });
    try {
      const printer = await createPrinter(db, "Plate");
      await writeStatus(db, printer.id, { state: "idle", nozzle: 30 });
      await db.printer.update({ where: { id: printer.id }, data: { awaitingPlateClearSince: new Date() } });
      const waiting = (await slow.list()).find((p) => p.id === printer.id)!;
      expect(waiting.awaitingPlateClearSince).not.toBeNull();
      await new Promise((r) => setTimeout(r, 5)); // a later now() for the clear
      await confirmPlatesCleared(db, [printer.id]);
      const cleared = (await slow.list()).find((p) => p.id === printer.id)!;
      expect(cleared.awaitingPlateClearSince).toBeNull();
      expect(cleared.updatedAt.getTime()).toBeGreaterThan(waiting.updatedAt.getTime());
      // a browser holding the cleared row (from its stream) keeps it over a list answered before
      expect(mergeFarmLists([cleared], [waiting])).toEqual([cleared]);
    } finally {
      await slowHub.close();
    }
  });

  it("resumes from a cursor with every row written since, and hands every stream the same message objects", async () => {
    const db = database.db;
    const printer = await createPrinter(db, "Resumed");
    const first = openClient(cache, await cache.list());
    const second = openClient(cache, await cache.list());
    await writeStatus(db, printer.id, { state: "error", nozzle: 30 });
    await vi.waitFor(() => expect(first.messages.length).toBeGreaterThan(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(second.messages.length).toBe(first.messages.length));
    first.messages.forEach((m, i) => expect(second.messages[i]!.message).toBe(m.message));
    const cursor = first.messages.at(-1)!.message.cursor;
    await Promise.all([first.stop(), second.stop()]);

    // written while nobody listened
    await writeStatus(db, printer.id, { state: "idle", nozzle: 28 });
    await vi.waitFor(async () =>
      expect((await cache.list()).find((p) => p.id === printer.id)?.state).toBe("idle"),
    );
    const resumed = farmUpdates(cache, { since: new Date(cursor) });
    const catchUp = (await resumed.next()).value as FarmDeltaMessage;
    expect(catchUp.resync).toBe(true);
    expect(catchUp.upserts.find((p) => p.id === printer.id)?.state).toBe("idle");
    expect(new Date(catchUp.cursor).getTime()).toBeGreaterThanOrEqual(new Date(cursor).getTime());
    await resumed.return(undefined);
  });

  it("reports a read that failed and reads everything again once the database answers", async () => {
    const db = database.db;
    const errors: unknown[] = [];
    const own = new FarmCache({ db, hub, onError: (error) => errors.push(error) });
    const printer = await createPrinter(db, "Away");
    const client = openClient(own, await own.list());
    await db.$executeRaw`ALTER TABLE "LiveStatus" RENAME TO "LiveStatusAway"`;
    try {
      await db.printer.update({ where: { id: printer.id }, data: { name: "Away (renamed)" } });
      await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 10_000 });
    } finally {
      await db.$executeRaw`ALTER TABLE "LiveStatusAway" RENAME TO "LiveStatus"`;
    }
    await vi.waitFor(async () => expect(client.list()).toEqual(await listFarm(db)), { timeout: 15_000 });
    expect(client.list().map((p) => p.name)).toContain("Away (renamed)");
    await client.stop();
    own.close();
  });

  it("ends every open stream when its hub closes (so a web process can shut down)", async () => {
    const ownHub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
    const own = new FarmCache({ db: database.db, hub: ownHub });
    const stream = farmUpdates(own);
    const pending = stream.next();
    await ownHub.close();
    const result = await Promise.race([
      pending,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the stream did not end")), 5_000)),
    ]);
    expect(result.done).toBe(true);
  });
});
