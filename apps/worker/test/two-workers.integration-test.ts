// Two worker processes share one fleet through leases in Postgres: every printer is owned
// once and the fleet is split fairly; a SIGKILLed worker's printers are reconnected by the
// other within 15 s (default lease settings); a printer never has connections from two workers.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { insertPrinter, testSecret, until } from "./helpers";

const printerCount = 6;

function startWorkerProcess(databaseUrl: string, id: string): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(import.meta.dirname, ".."),
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PRINTERNIZER_SECRET: testSecret,
      PRINTERNIZER_WORKER_ID: id,
      PRINTERNIZER_WORKER_PORT: "0",
      PRINTERNIZER_HEARTBEAT_MS: "1000",
      PRINTERNIZER_DATA_DIR: mkdtempSync(path.join(tmpdir(), `pz-${id}-`)),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { child, exited: new Promise((resolve) => child.once("exit", () => resolve())) };
}

describe("two workers", () => {
  let database: TestDatabase;
  const sims: PrusaLinkSimulator[] = [];
  const workers: ReturnType<typeof startWorkerProcess>[] = [];
  let maxOpenSeen = 0;
  let sampler: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < printerCount; i++) {
      const sim = await new PrusaLinkSimulator({ host: `127.0.1.${210 + i}`, port: 0, name: `fleet-${i}`, password: "pw-fleet" }).start();
      sims.push(sim);
      await insertPrinter(database.db, { kind: "prusalink", name: `Fleet ${i}`, host: sim.host, port: sim.port, credentials: { password: "pw-fleet" }, settings: { pollIntervalMs: 500 } });
    }
    // Sample the simulators' open connections all along: one worker's pool holds at most 2.
    sampler = setInterval(() => {
      for (const sim of sims) maxOpenSeen = Math.max(maxOpenSeen, sim.connections().open);
    }, 20);
  });
  afterAll(async () => {
    clearInterval(sampler);
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all(sims.map((s) => s.stop()));
    await database.drop();
  });

  const leasesByOwner = async () => {
    const leases = await database.db.printerLease.findMany();
    const counts = new Map<string, number>();
    for (const l of leases) counts.set(l.ownerId, (counts.get(l.ownerId) ?? 0) + 1);
    return { leases, counts };
  };

  it("splits the fleet: every printer owned exactly once, three each", async () => {
    workers.push(startWorkerProcess(database.url, "worker-a"));
    await until("worker a owns all", async () => (await leasesByOwner()).counts.get("worker-a") === printerCount, 30_000);
    workers.push(startWorkerProcess(database.url, "worker-b"));
    const { leases, counts } = await until(
      "fair share",
      async () => {
        const l = await leasesByOwner();
        return l.counts.get("worker-a") === 3 && l.counts.get("worker-b") === 3 ? l : undefined;
      },
      40_000,
    );
    expect(new Set(leases.map((l) => l.printerId)).size).toBe(printerCount);
    expect([...counts.values()]).toEqual([3, 3]);
    await until("all connected", async () => (await database.db.liveStatus.count({ where: { connected: true } })) === printerCount, 30_000);
  });

  it("reconnects a killed worker's printers on the other within 15 s", async () => {
    const victim = workers[1]!;
    const owned = (await database.db.printerLease.findMany({ where: { ownerId: "worker-b" } })).map((l) => l.printerId);
    expect(owned).toHaveLength(3);
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await victim.exited;
    await until(
      "survivor owns and has connected everything",
      async () => {
        const statuses = await database.db.liveStatus.findMany({ where: { printerId: { in: owned } } });
        const leases = await database.db.printerLease.findMany({ where: { printerId: { in: owned } } });
        return leases.length === 3 && leases.every((l) => l.ownerId === "worker-a") && statuses.every((s) => s.connected && s.workerId === "worker-a");
      },
      30_000,
    );
    const failoverSeconds = (Date.now() - killedAt) / 1000;
    console.warn(`failover took ${failoverSeconds.toFixed(1)} s`);
    expect(failoverSeconds).toBeLessThanOrEqual(15);
    // never more connections than one worker's pool (2) to any printer
    expect(maxOpenSeen).toBeLessThanOrEqual(2);
  });

  it("a graceful stop hands the printers back at once", async () => {
    const survivor = workers[0]!;
    const replacement = startWorkerProcess(database.url, "worker-c");
    workers.push(replacement);
    await until("replacement took its share", async () => ((await leasesByOwner()).counts.get("worker-c") ?? 0) === 3, 40_000);
    const stoppedAt = Date.now();
    survivor.child.kill("SIGTERM");
    await survivor.exited;
    expect(await database.db.printerLease.count({ where: { ownerId: "worker-a" } })).toBe(0);
    await until("replacement owns all", async () => (await leasesByOwner()).counts.get("worker-c") === printerCount, 20_000);
    console.warn(`hand-over after a graceful stop took ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
  });
});
