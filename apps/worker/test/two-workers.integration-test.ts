// Two worker processes share one fleet through leases in Postgres: every printer is owned
// once and the fleet is split fairly; a SIGKILLed worker's printers are reconnected by the
// other within 15 s (default lease settings); a printer never has connections from two workers.
// The fleet mixes PrusaLink (HTTP, counted as open sockets) and Bambu printers (MQTT over TLS on
// their real ports 8883/990, counted as MQTT clients the broker sees at once).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { insertBambuSimulator, insertPrinter, testSecret, until } from "./helpers";

const prusaCount = 6;
const bambuCount = 4;
const printerCount = prusaCount + bambuCount;
const share = printerCount / 2;

function startWorkerProcess(
  databaseUrl: string,
  id: string,
): { id: string; child: ChildProcess; exited: Promise<void> } {
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
  return { id, child, exited: new Promise((resolve) => child.once("exit", () => resolve())) };
}

describe("two workers", () => {
  let database: TestDatabase;
  const sims: PrusaLinkSimulator[] = [];
  const bambuSims = new Map<string, BambuSimulator>(); // by printer id
  const workers: ReturnType<typeof startWorkerProcess>[] = [];
  let maxOpenSeen = 0;
  let sampler: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < prusaCount; i++) {
      const sim = await new PrusaLinkSimulator({
        host: `127.0.1.${210 + i}`,
        port: 0,
        name: `fleet-${i}`,
        password: "pw-fleet",
      }).start();
      sims.push(sim);
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: `Fleet ${i}`,
        host: sim.host,
        port: sim.port,
        credentials: { password: "pw-fleet" },
        settings: { pollIntervalMs: 500 },
      });
    }
    for (let i = 0; i < bambuCount; i++) {
      const model = i % 2 === 0 ? "X1C" : "P1S";
      const sim = await new BambuSimulator({
        host: `127.0.4.${i + 1}`,
        mqttPort: 8883,
        ftpPort: 990,
        model,
        name: `fleet-bambu-${i}`,
        accessCode: `code${1000 + i}`,
      }).start();
      const row = await insertBambuSimulator(database.db, `Fleet Bambu ${i}`, sim);
      bambuSims.set(row.id, sim);
    }
    // Sample the PrusaLink simulators' open connections all along: one worker's pool holds at most 2.
    // (Bambu simulators count concurrent MQTT clients themselves.)
    sampler = setInterval(() => {
      for (const sim of sims) maxOpenSeen = Math.max(maxOpenSeen, sim.connections().open);
    }, 20);
  });
  afterAll(async () => {
    clearInterval(sampler);
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await Promise.all([...sims.map((s) => s.stop()), ...[...bambuSims.values()].map((s) => s.stop())]);
    await database.drop();
  });

  const leasesByOwner = async () => {
    const leases = await database.db.printerLease.findMany();
    const counts = new Map<string, number>();
    for (const l of leases) counts.set(l.ownerId, (counts.get(l.ownerId) ?? 0) + 1);
    return { leases, counts };
  };

  /** Every Bambu printer has had at most one MQTT client at any moment so far. */
  const expectOneMqttClientEach = () => {
    expect([...bambuSims.values()].map((s) => `${s.name}: ${s.maxConcurrentConnections}`)).toEqual(
      [...bambuSims.values()].map((s) => `${s.name}: 1`),
    );
  };

  it(`splits the fleet: every printer owned exactly once, ${share} each`, async () => {
    workers.push(startWorkerProcess(database.url, "worker-a"));
    await until(
      "worker a owns all",
      async () => (await leasesByOwner()).counts.get("worker-a") === printerCount,
      30_000,
    );
    workers.push(startWorkerProcess(database.url, "worker-b"));
    const { leases, counts } = await until(
      "fair share",
      async () => {
        const l = await leasesByOwner();
        return l.counts.get("worker-a") === share && l.counts.get("worker-b") === share ? l : undefined;
      },
      40_000,
    );
    expect(new Set(leases.map((l) => l.printerId)).size).toBe(printerCount);
    expect([...counts.values()]).toEqual([share, share]);
    await until(
      "all connected",
      async () => (await database.db.liveStatus.count({ where: { connected: true } })) === printerCount,
      30_000,
    );
    await until(
      "each Bambu printer has its one MQTT client",
      async () => [...bambuSims.values()].every((s) => s.liveConnections === 1),
      15_000,
    );
    expectOneMqttClientEach();
  });

  it("reconnects a killed worker's printers on the other within 15 s", async () => {
    // Kill the worker holding more Bambu printers, so the failover moves at least two of them.
    const leases = await database.db.printerLease.findMany();
    const bambuOwnedBy = (id: string) =>
      leases.filter((l) => l.ownerId === id && bambuSims.has(l.printerId)).length;
    // Every printer connected by the worker holding its lease before the kill: a row another worker
    // wrote before the split (connected, its id) must not pass for the survivor's reconnect below.
    await until(
      "every printer connected by its lease owner",
      async () => {
        const owners = new Map(leases.map((l) => [l.printerId, l.ownerId]));
        const statuses = await database.db.liveStatus.findMany({
          where: { printerId: { in: [...owners.keys()] } },
        });
        return (
          statuses.length === owners.size &&
          statuses.every((s) => s.connected && s.workerId === owners.get(s.printerId))
        );
      },
      20_000,
    );
    const [victim, survivor] =
      bambuOwnedBy("worker-a") > bambuOwnedBy("worker-b")
        ? [workers[0]!, workers[1]!]
        : [workers[1]!, workers[0]!];
    const owned = leases.filter((l) => l.ownerId === victim.id).map((l) => l.printerId);
    const ownedBambu = owned.filter((id) => bambuSims.has(id));
    expect(owned).toHaveLength(share);
    expect(ownedBambu.length).toBeGreaterThanOrEqual(bambuCount / 2);
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await victim.exited;
    await until(
      "survivor owns and has connected everything",
      async () => {
        const statuses = await database.db.liveStatus.findMany({ where: { printerId: { in: owned } } });
        const moved = await database.db.printerLease.findMany({ where: { printerId: { in: owned } } });
        return (
          moved.length === share &&
          moved.every((l) => l.ownerId === survivor.id) &&
          statuses.every((s) => s.connected && s.workerId === survivor.id)
        );
      },
      30_000,
    );
    const failoverSeconds = (Date.now() - killedAt) / 1000;
    console.warn(`failover took ${failoverSeconds.toFixed(1)} s`);
    expect(failoverSeconds).toBeLessThanOrEqual(15);
    // the killed worker's Bambu printers have exactly one MQTT client again: the survivor's
    await until(
      "the moved Bambu printers have their MQTT client back",
      async () => ownedBambu.every((id) => bambuSims.get(id)!.liveConnections === 1),
      15_000,
    );
    console.warn(
      `Bambu failover (${ownedBambu.length} printers: lease, MQTT client, LiveStatus) took ${((Date.now() - killedAt) / 1000).toFixed(1)} s`,
    );
    const bambuStatuses = await database.db.liveStatus.findMany({ where: { printerId: { in: ownedBambu } } });
    expect(bambuStatuses.map((s) => [s.connected, s.workerId])).toEqual(
      ownedBambu.map(() => [true, survivor.id]),
    );
    // never more connections than one worker's pool (2) to any PrusaLink printer, never two MQTT clients on a Bambu one
    expect(maxOpenSeen).toBeLessThanOrEqual(2);
    expectOneMqttClientEach();
  });

  it("a graceful stop hands the printers back at once", async () => {
    const survivor = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    const replacement = startWorkerProcess(database.url, "worker-c");
    workers.push(replacement);
    await until(
      "replacement took its share",
      async () => ((await leasesByOwner()).counts.get("worker-c") ?? 0) === share,
      40_000,
    );
    const stoppedAt = Date.now();
    survivor.child.kill("SIGTERM");
    await survivor.exited;
    expect(await database.db.printerLease.count({ where: { ownerId: survivor.id } })).toBe(0);
    await until(
      "replacement owns all",
      async () => (await leasesByOwner()).counts.get("worker-c") === printerCount,
      20_000,
    );
    console.warn(`hand-over after a graceful stop took ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
    await until(
      "replacement connected every Bambu printer",
      async () => {
        const statuses = await database.db.liveStatus.findMany({
          where: { printerId: { in: [...bambuSims.keys()] } },
        });
        return (
          statuses.length === bambuCount &&
          statuses.every((s) => s.connected && s.workerId === "worker-c") &&
          [...bambuSims.values()].every((s) => s.liveConnections === 1)
        );
      },
      20_000,
    );
    expectOneMqttClientEach();
  });
});
