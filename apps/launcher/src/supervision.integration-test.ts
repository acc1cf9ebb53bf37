// Supervision and shutdown order of the real launcher (embedded PostgreSQL, worker, built web
// app) with a simulated PrusaLink printer: a crashed worker is restarted and its print job goes
// on; a worker that keeps crashing makes the launcher give up cleanly; a Ctrl-C to the whole
// process group lets the worker finish its writes before PostgreSQL stops; a launcher killed
// with SIGKILL leaves a PostgreSQL that the next start stops. Run under
// `flock /tmp/printernizer-launcher.lock` (fixed ports).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@printernizer/db/embedded";
import { createCredentialCipher } from "@printernizer/db/secrets";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { afterEach, describe, expect, it } from "vitest";
import {
  leftoverProcesses,
  startLauncher,
  stopLauncher,
  waitFor,
  waitForOutput,
  withDatabase,
  type LauncherRun,
} from "./testing/launcher-process";

const ports = { PORT: "3211", PRINTERNIZER_PG_PORT: "54394", PRINTERNIZER_WORKER_PORT: "4211" };
const pgPort = ports.PRINTERNIZER_PG_PORT;
const longPrint = "/usb/ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode"; // 110 s of real time at 60x

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Farm {
  dataDir: string;
  secret: string;
  sim: PrusaLinkSimulator;
  launch(extraEnv?: Record<string, string>, options?: { detached?: boolean }): LauncherRun;
}

/** A fresh data directory and one simulated PrusaLink printer (not yet registered). */
async function setUpFarm(): Promise<Farm> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-supervision-"));
  const secret = randomBytes(32).toString("hex");
  const sim = await new PrusaLinkSimulator({
    host: "127.0.3.1",
    port: 0,
    password: "sim-password",
    timeScale: 60,
  }).start();
  cleanups.push(async () => {
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const launch = (extraEnv: Record<string, string> = {}, options: { detached?: boolean } = {}) => {
    const run = startLauncher(
      {
        ...ports,
        PRINTERNIZER_DATA_DIR: dataDir,
        PRINTERNIZER_DEMO: "off",
        PRINTERNIZER_SECRET: secret,
        ...extraEnv,
      },
      options,
    );
    cleanups.push(() => stopLauncher(run));
    return run;
  };
  return { dataDir, secret, sim, launch };
}

async function registerPrinter(farm: Farm): Promise<string> {
  const credentials = createCredentialCipher(farm.secret).encryptJson({
    username: "maker",
    password: "sim-password",
  });
  await withDatabase(farm.dataDir, pgPort, (c) =>
    c.query(
      `INSERT INTO "Printer" (id, kind, name, host, port, credentials, settings, "updatedAt") VALUES ('sim1', 'prusalink', 'Sim MK4', $1, $2, $3, $4, now())`,
      [farm.sim.host, farm.sim.port, credentials, JSON.stringify({ pollIntervalMs: 500 })],
    ),
  );
  return "sim1";
}

interface JobRow {
  id: string;
  state: string;
  progress: number | null;
  endedAt: Date | null;
  updatedAt: Date;
}

const jobsOf = (farm: Farm, printerId: string) =>
  withDatabase(
    farm.dataDir,
    pgPort,
    async (c) =>
      (
        await c.query<JobRow>(
          `SELECT id, state::text, progress, "endedAt", "updatedAt" FROM "Job" WHERE "printerId" = $1 ORDER BY "startedAt"`,
          [printerId],
        )
      ).rows,
  );

const workerPids = (run: LauncherRun) =>
  [...run.text().matchAll(/started the worker \(pid (\d+)\)/g)].map((m) => Number(m[1]));

describe("the launcher's supervision", () => {
  it("restarts a worker killed with SIGKILL, loudly, and the printer's open job row keeps progressing (no second row)", async () => {
    const farm = await setUpFarm();
    const run = farm.launch();
    await waitForOutput(run, /Printernizer is running/);
    const printerId = await registerPrinter(farm);
    expect(farm.sim.startPrint(longPrint)).toBe(true);
    const job = await waitFor("an open job with progress", async () =>
      (await jobsOf(farm, printerId)).find((j) => j.endedAt === null && (j.progress ?? 0) > 0),
    );

    const [firstWorker] = workerPids(run);
    expect(firstWorker).toBeGreaterThan(0);
    const killedAt = new Date();
    process.kill(firstWorker!, "SIGKILL");
    await waitForOutput(
      run,
      /\[printernizer\] !!! the worker crashed \(signal SIGKILL\) after [\d.]+ m?s; restarting it in 1 s \(restart 1 of at most 4 within 2 min\)/,
    );
    await waitFor("a second worker process", async () => (workerPids(run).length === 2 ? true : undefined));
    expect(workerPids(run)[1]).not.toBe(firstWorker);
    // the new worker serves its health endpoint …
    await waitFor("the restarted worker's /health", async () => {
      const response = await fetch(`http://127.0.0.1:${ports.PRINTERNIZER_WORKER_PORT}/health`).catch(
        () => undefined,
      );
      return response?.status === 200 ? true : undefined;
    });
    // … takes the printer over once the dead worker's lease expires, and writes on the same job row
    const continued = await waitFor("the same job row updated after the kill", async () => {
      const jobs = await jobsOf(farm, printerId);
      const same = jobs.find((j) => j.id === job.id);
      return same && same.updatedAt > killedAt && (same.progress ?? 0) > (job.progress ?? 0)
        ? jobs
        : undefined;
    });
    expect(continued.map((j) => ({ id: j.id, state: j.state, ended: j.endedAt !== null }))).toEqual([
      { id: job.id, state: "PRINTING", ended: false },
    ]);
    expect(run.text()).not.toMatch(/giving up/);

    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(leftoverProcesses(farm.dataDir, pgPort)).toEqual([]);
  });

  it("gives up on a worker that crashes at every start: backoff 1, 2, 4, 8 s, then stops everything, PostgreSQL last, and says why (exit 1)", async () => {
    const farm = await setUpFarm();
    // A setting only the worker checks: the launcher starts fine, the worker refuses to.
    const run = farm.launch({ PRINTERNIZER_HEARTBEAT_MS: "1" });
    const exit = await run.exited;
    const text = run.text();
    expect(exit).toEqual({ code: 1, signal: null });
    expect(text).toMatch(/\[worker\] invalid configuration: PRINTERNIZER_HEARTBEAT_MS/);
    const delays = [
      ...text.matchAll(/!!! the worker crashed \(exit code 1\) after [\d.]+ m?s; restarting it in (\d+ s)/g),
    ].map((m) => m[1]);
    expect(delays).toEqual(["1 s", "2 s", "4 s", "8 s"]);
    expect(workerPids(run)).toHaveLength(5);
    const lines = text.split("\n");
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    // (alarms go to stderr, progress to stdout: order is asserted only within one stream)
    expect(
      at(
        /^\[printernizer\] !!! the worker crashed 5 times within 2 min \(last: exit code 1\); giving up and stopping Printernizer\. .*run npm start again/,
      ),
    ).toBeGreaterThan(-1);
    expect(at(/^\[printernizer\] the web stopped \(/)).toBeGreaterThan(at(/^\[printernizer\] stopping…$/));
    expect(at(/^\[printernizer\] database stopped$/)).toBeGreaterThan(
      at(/^\[printernizer\] the web stopped \(/),
    );
    expect(at(/^\[printernizer\] stopped because the worker crashed 5 times within 2 min/)).toBeGreaterThan(
      -1,
    );
    expect(leftoverProcesses(farm.dataDir, pgPort)).toEqual([]);
  });

  it("on Ctrl-C to the whole process group, the worker's last writes and lease releases land before PostgreSQL stops, and nothing is left running", async () => {
    const farm = await setUpFarm();
    const run = farm.launch({}, { detached: true });
    await waitForOutput(run, /Printernizer is running/);
    const printerId = await registerPrinter(farm);
    expect(farm.sim.startPrint(longPrint)).toBe(true);
    await waitFor("the printer leased and printing", async () => {
      const rows = await withDatabase(
        farm.dataDir,
        pgPort,
        async (c) =>
          (
            await c.query(
              `SELECT 1 FROM "PrinterLease" l JOIN "Job" j ON j."printerId" = l."printerId" WHERE l."printerId" = $1 AND j.state = 'PRINTING'`,
              [printerId],
            )
          ).rows,
      );
      return rows.length ? true : undefined;
    });

    // The last status change: the print is paused, and the worker has fetched that answer …
    const answered = () => farm.sim.counters().statuses[200] ?? 0;
    const before = answered();
    expect(farm.sim.engine.pause()).toBe(true);
    await waitFor(
      "two answers after the pause",
      async () => (answered() >= before + 2 ? true : undefined),
      10_000,
      5,
    );
    // … when Ctrl-C reaches the launcher, the worker and the web app (PostgreSQL has its own group).
    process.kill(-run.child.pid!, "SIGINT");
    expect(await run.exited).toEqual({ code: 0, signal: null });

    const lines = run.text().split("\n");
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(at(/^\[printernizer\] the worker stopped \(exit code 0\)$/)).toBeGreaterThan(
      at(/^\[printernizer\] stopping…$/),
    );
    expect(at(/^\[printernizer\] database stopped$/)).toBeGreaterThan(
      at(/^\[printernizer\] the worker stopped \(exit code 0\)$/),
    );
    expect(at(/^\[printernizer\] database stopped$/)).toBeGreaterThan(
      at(/^\[printernizer\] the web stopped \(/),
    );
    expect(run.text()).not.toMatch(
      /database system is shutting down|terminating connection|unclean stop|could not release leases|crashed/,
    );
    expect(leftoverProcesses(farm.dataDir, pgPort)).toEqual([]);

    // The database, started again on the same data directory, has everything the worker wrote on its way out.
    const database = await startEmbeddedPostgres({ dataDir: farm.dataDir, port: Number(pgPort) });
    cleanups.push(() => database.stop());
    const after = await withDatabase(farm.dataDir, pgPort, async (c) => ({
      jobs: (
        await c.query<{ state: string }>(`SELECT state::text FROM "Job" WHERE "printerId" = $1`, [printerId])
      ).rows,
      leases: (await c.query(`SELECT * FROM "PrinterLease"`)).rows,
      workers: (
        await c.query<{ stopped: boolean }>(`SELECT "stoppedAt" IS NOT NULL AS stopped FROM "WorkerNode"`)
      ).rows,
    }));
    expect(after).toEqual({ jobs: [{ state: "PAUSED" }], leases: [], workers: [{ stopped: true }] });
  });

  it("a launcher killed with SIGKILL (its whole group) leaves only PostgreSQL, which the next start stops before it runs", async () => {
    const farm = await setUpFarm();
    const first = farm.launch({}, { detached: true });
    await waitForOutput(first, /Printernizer is running/);
    process.kill(-first.child.pid!, "SIGKILL");
    await first.exited;
    await waitFor(
      "only postgres left",
      async () => {
        const left = leftoverProcesses(farm.dataDir, pgPort);
        return left.length > 0 &&
          left.every((p) => /postgres/.test(p)) &&
          !left.some((p) => /src\/main\.ts|next/.test(p))
          ? left
          : undefined;
      },
      10_000,
    );

    const second = farm.launch();
    await waitForOutput(second, /Printernizer is running/);
    expect(second.text()).toMatch(/stopping an orphaned postgres \(pid \d+\) left by an earlier run/);
    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(leftoverProcesses(farm.dataDir, pgPort)).toEqual([]);
  });
});
