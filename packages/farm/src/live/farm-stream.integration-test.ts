import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { notify } from "../notify";
import { farmStream, type FarmStreamMessage } from "./farm-stream";
import { PrinterUpdatesHub } from "./printer-updates-hub";

async function next(it: AsyncGenerator<FarmStreamMessage>, timeoutMs = 10_000): Promise<FarmStreamMessage> {
  const result = await Promise.race([
    it.next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no message in time")), timeoutMs)),
  ]);
  if (result.done) throw new Error("stream ended");
  return result.value;
}

describe("farm live stream", () => {
  let database: TestDatabase;
  let hub: PrinterUpdatesHub;

  beforeAll(async () => {
    database = await createTestDatabase();
    hub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
  });
  afterAll(async () => {
    await hub.close();
    await database.drop();
  });

  it("sends only the printers that changed, resyncs after its LISTEN connection is cut, and resumes from a cursor", async () => {
    const db = database.db;
    const quiet = await db.printer.create({
      data: { kind: "prusalink", name: "Quiet", host: "10.0.0.9", credentials: "x" },
    });
    const controller = new AbortController();
    const stream = farmStream({ db, hub, signal: controller.signal });
    const first = stream.next(); // starts the generator (subscribes)
    await new Promise((r) => setTimeout(r, 300));

    // a printer row change (trigger) …
    const busy = await db.printer.create({
      data: { kind: "bambu", name: "Busy", host: "10.0.0.1", credentials: "sealed-secret" },
    });
    let message = (
      await Promise.race([
        first,
        new Promise<never>((_, j) => setTimeout(() => j(new Error("timeout")), 10_000)),
      ])
    ).value as FarmStreamMessage;
    expect(message.printers.map((p) => p.name)).toEqual(["Busy"]);
    expect(JSON.stringify(message)).not.toContain("sealed-secret");

    // … and a worker status write with its NOTIFY
    await db.liveStatus.create({
      data: {
        printerId: busy.id,
        state: "printing",
        connected: true,
        jobName: "Benchy",
        progress: 42,
        status: {
          state: "printing",
          job: { id: "1", name: "Benchy", state: "PRINTING", progress: 42 },
          temperatures: { nozzle: { current: 220, target: 220 } },
          filament: [],
          errors: [],
        },
        stateChangedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    await notify(db, "printerUpdates", { printerId: busy.id, changes: ["status"] });
    message = await next(stream);
    expect(message.resync).toBe(false);
    expect(message.printers).toEqual([
      expect.objectContaining({
        name: "Busy",
        state: "printing",
        job: expect.objectContaining({ name: "Benchy", progress: 42 }),
        temperatures: { nozzle: { current: 220, target: 220 } },
      }),
    ]);
    const cursor = new Date(message.cursor);

    // cut the hub's LISTEN connection: it reconnects and the stream resyncs what changed meanwhile
    await db.printer.update({ where: { id: quiet.id }, data: { name: "Quiet (renamed)" } });
    await db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()`;
    let resync: FarmStreamMessage | undefined;
    for (let i = 0; i < 5 && !resync; i++) {
      const m = await next(stream, 15_000);
      if (m.resync) resync = m;
    }
    expect(resync?.printers.map((p) => p.name)).toContain("Quiet (renamed)");

    // deleting a printer is reported as removed
    await db.printer.delete({ where: { id: quiet.id } });
    let removed: string[] = [];
    for (let i = 0; i < 5 && !removed.length; i++) removed = (await next(stream)).removed;
    expect(removed).toEqual([quiet.id]);
    controller.abort();
    await stream.return(undefined);

    // a new stream resuming from an old cursor first receives what changed since
    const resumed = farmStream({ db, hub, since: cursor });
    const catchUp = await next(resumed);
    expect(catchUp.resync).toBe(true);
    expect(catchUp.printers.map((p) => p.name)).toContain("Busy");
    await resumed.return(undefined);
  });

  it("ends every open stream when its hub closes (so a web process can shut down gracefully)", async () => {
    const ownHub = new PrinterUpdatesHub({ databaseUrl: database.url, batchMs: 20 });
    const stream = farmStream({ db: database.db, hub: ownHub });
    const pending = stream.next();
    await new Promise((r) => setTimeout(r, 200));
    await ownHub.close();
    const result = await Promise.race([
      pending,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the stream did not end")), 5_000)),
    ]);
    expect(result.done).toBe(true);
  });

  it("reads the rows of a change once for all open streams of the process", async () => {
    const db = database.db;
    const a = new AbortController();
    const b = new AbortController();
    const first = farmStream({ db, hub, signal: a.signal });
    const second = farmStream({ db, hub, signal: b.signal });
    const [nextA, nextB] = [first.next(), second.next()];
    await new Promise((r) => setTimeout(r, 300));
    await db.printer.create({
      data: { kind: "prusalink", name: "Shared", host: "10.0.0.77", credentials: "x" },
    });
    const [ma, mb] = await Promise.all([nextA, nextB]);
    const [pa, pb] = [(ma.value as FarmStreamMessage).printers, (mb.value as FarmStreamMessage).printers];
    expect(pa.map((p) => p.name)).toEqual(["Shared"]);
    // The very same row object: one query served both streams.
    expect(pa[0]).toBe(pb[0]);
    a.abort();
    b.abort();
    await Promise.all([first.return(undefined), second.return(undefined)]);
  });
});
