// `--peer fdm-monster`: FDM Monster pointed at the same simulated printers, measured like our
// own run: it starts, gets the N printers in one batch, M socket.io clients listen to its
// broadcast, and over a window of the same length the simulators pause and resume prints by the
// same rule. Our worker and web app are stopped before (they must not share the CPU with it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchmarkCpuSeconds, mib, round, simulatorsCpuSeconds } from "../figures";
import { LatencyTracker } from "../latency-tracker";
import { machineLoad, type MachineLoad } from "../machine-quiet";
import { summarize, type LatencySummary } from "../percentiles";
import { sampleProcessTree } from "../proc-stats";
import type { SimFleet } from "../sim-fleet";
import { freePort, sleep, within } from "../wait-for";
import { connectFdmClient, type FdmClient } from "./fdm-clients";
import { connectedIn, fdmPrinterOf, pausedIn, type FdmUpdate } from "./fdm-farm";
import { ensureFdmMonster, fdmClientVersion, fdmMonsterVersion } from "./fdm-install";
import { startFdmMonster } from "./fdm-server";
import { driveStateChanges } from "../state-changes";

export interface PeerResult {
  name: "FDM Monster";
  version: string;
  clientVersion: string;
  options: { printers: number; bambu: number; prusa: number; durationSeconds: number; subscribers: number };
  machine: { before: MachineLoad; after: MachineLoad };
  /** startSeconds: until its API answered; connectSeconds null: not all connected within the bound. */
  setup: { startSeconds: number; connectSeconds: number | null; connectNote?: string };
  /** Reports handled: Bambu reports published + PrusaLink requests answered (it makes 2 per 5 s poll). */
  ingest: { reportsPerSecond: number; bambuReportsPerSecond: number; prusaRequestsPerSecond: number };
  /** Its one process (SQLite is in it): CPU cores over the window, and per 1,000 reports handled. */
  cpu: { cores: number; cpuSecondsPer1000Reports: number };
  /** peakRssMiB: the window's highest RSS sample; highWaterMiB: VmHWM since it started. */
  memory: { peakRssMiB: number; highWaterMiB: number };
  /** Bambu: timed on the raw report it forwards (`print.gcode_state`), not its own state. */
  latency: { bambu: LatencySummary; prusa: LatencySummary; transitions: number; lost: number };
  /** Its printer list (`GET /api/v2/printer`, from its cache), called every 250 ms as we call farm.list. */
  list: LatencySummary;
  /** Where the machine's CPU went during its window (cores): the simulators and the benchmark's clients share it. */
  cpuShare: { peer: number; simulators: number; benchmark: number };
  fanOut: {
    subscribers: number;
    delivery: LatencySummary;
    bytesPerSecondPerClient: number;
    updatesPerSecondPerClient: number;
    errors: number;
  };
  notes: string[];
}

export async function measurePeer(o: {
  fleet: SimFleet;
  durationSeconds: number;
  subscribers: number;
  installDir?: string;
  log(line: string): void;
  childLog(line: string): void;
}): Promise<PeerResult> {
  const { fleet, log } = o;
  const n = fleet.printers.length;
  const bambu = fleet.printers.filter((p) => p.kind === "bambu").length;
  const install = await ensureFdmMonster({ log, ...(o.installDir ? { dir: o.installDir } : {}) });
  const dataDir = mkdtempSync(path.join(tmpdir(), "printernizer-bench-fdm-"));
  const clients: FdmClient[] = [];
  const started = Date.now();
  const server = await startFdmMonster({
    install,
    port: await freePort(),
    dataDir,
    log,
    childLog: o.childLog,
  });
  try {
    const startSeconds = (Date.now() - started) / 1000;
    const ids: string[] = [];
    const tracker = new LatencyTracker(o.subscribers);
    let latest: FdmUpdate = {};
    const errors: unknown[] = [];
    for (let c = 0; c < o.subscribers; c++)
      clients.push(
        connectFdmClient({
          origin: server.origin,
          token: server.token,
          onError: (error) => errors.push(error),
          onUpdate: (update, receivedAt) => {
            if (c === 0) latest = update;
            ids.forEach((id, index) => {
              const paused = pausedIn(update, id, fleet.printers[index]!.kind);
              if (paused !== undefined)
                tracker.seen(c, { printerId: id, state: paused ? "paused" : "printing", receivedAt });
            });
          },
        }),
      );
    await Promise.all(clients.map((client) => client.connected));

    log(`registering the ${n} printers with FDM Monster in one batch`);
    const registeredAt = Date.now();
    const created = await server.api<Array<{ id: number | string; name: string }>>(
      "POST",
      "/printer/batch",
      fleet.printers.map(fdmPrinterOf),
    );
    const idByName = new Map(created.map((p) => [p.name, String(p.id)]));
    for (const p of fleet.printers) {
      const id = idByName.get(p.name);
      if (!id) throw new Error(`FDM Monster's batch answer has no printer named "${p.name}"`);
      ids.push(id);
    }
    let connectSeconds: number | null = null;
    let connectNote: string | undefined;
    const connectBound = 60_000 + n * 300;
    if ((await within(connectBound / 1000, async () => connectedIn(latest, ids) === n, 100)) !== null) {
      connectSeconds = round((Date.now() - registeredAt) / 1000, 1);
      log(`FDM Monster: all ${n} printers connected after ${connectSeconds} s; settling`);
    } else {
      connectNote = `${connectedIn(latest, ids)} of ${n} connected after ${connectBound / 1000} s`;
      log(`FDM Monster: ${connectNote}; measuring anyway`);
    }
    await sleep(5_000);

    log(`FDM Monster: measuring for ${o.durationSeconds} s with ${o.subscribers} socket.io clients`);
    const snapshot = async () => ({
      at: performance.now(),
      proc: sampleProcessTree(server.child.pid),
      simulators: simulatorsCpuSeconds(fleet),
      benchmark: benchmarkCpuSeconds(),
      sims: await fleet.counters(),
      bytes: clients.map((c) => c.bytes()),
      updates: clients.map((c) => c.updates()),
      load: machineLoad(),
    });
    const before = await snapshot();
    const windowEnd = Date.now() + o.durationSeconds * 1000;
    const rss: number[] = [];
    const sampler = (async () => {
      while (Date.now() < windowEnd) {
        rss.push(sampleProcessTree(server.child.pid).rssBytes);
        await sleep(1_000);
      }
    })();
    const listTimes: number[] = [];
    const querier = (async () => {
      while (Date.now() < windowEnd) {
        const t0 = performance.now();
        await server.api("GET", "/printer");
        listTimes.push(performance.now() - t0);
        await sleep(250);
      }
    })();
    await Promise.all([driveStateChanges({ fleet, ids, tracker, until: windowEnd }), sampler, querier]);
    const after = await snapshot();
    await within(60, async () => tracker.outstanding() === 0, 100); // the last changes
    tracker.finish();

    const seconds = (after.at - before.at) / 1000;
    const bambuReports = after.sims.bambuReports - before.sims.bambuReports;
    const prusaRequests = after.sims.prusaRequests - before.sims.prusaRequests;
    const reports = bambuReports + prusaRequests;
    const cpuSeconds = after.proc.cpuSeconds - before.proc.cpuSeconds;
    const perClient = (a: number[], b: number[]) =>
      a.reduce((sum, v, i) => sum + v - b[i]!, 0) / a.length / seconds;
    if (errors.length) log(`FDM Monster socket.io errors: ${errors.length} (first: ${String(errors[0])})`);
    return {
      name: "FDM Monster",
      version: fdmMonsterVersion,
      clientVersion: fdmClientVersion,
      options: {
        printers: n,
        bambu,
        prusa: n - bambu,
        durationSeconds: o.durationSeconds,
        subscribers: o.subscribers,
      },
      machine: { before: before.load, after: after.load },
      setup: {
        startSeconds: round(startSeconds, 1),
        connectSeconds,
        ...(connectNote ? { connectNote } : {}),
      },
      ingest: {
        reportsPerSecond: round(reports / seconds, 1),
        bambuReportsPerSecond: round(bambuReports / seconds, 1),
        prusaRequestsPerSecond: round(prusaRequests / seconds, 1),
      },
      cpu: {
        cores: round(cpuSeconds / seconds, 3),
        cpuSecondsPer1000Reports: reports ? round((cpuSeconds / reports) * 1000, 3) : 0,
      },
      memory: {
        peakRssMiB: mib(Math.max(after.proc.rssBytes, ...rss)),
        highWaterMiB: mib(after.proc.peakRssBytes),
      },
      list: summarize(listTimes),
      cpuShare: {
        peer: round(cpuSeconds / seconds, 3),
        simulators: round((after.simulators - before.simulators) / seconds, 3),
        benchmark: round((after.benchmark - before.benchmark) / seconds, 3),
      },
      latency: {
        bambu: summarize(tracker.endToEnd.bambu),
        prusa: summarize(tracker.endToEnd.prusalink),
        transitions: tracker.triggered,
        lost: tracker.lost,
      },
      fanOut: {
        subscribers: o.subscribers,
        delivery: summarize(tracker.fanOut),
        bytesPerSecondPerClient: Math.round(perClient(after.bytes, before.bytes)),
        updatesPerSecondPerClient: round(perClient(after.updates, before.updates), 1),
        errors: errors.length,
      },
      notes: [
        "Bambu changes are timed on the raw MQTT report FDM Monster forwards (print.gcode_state PAUSE/RUNNING): its own state (state.text/flags) does not follow pauses: it looks for gcode_state PRINTING and mc_print_stage 'printing'/'paused', while printers send gcode_state RUNNING/PAUSE and mc_print_stage '1'/'2'",
        "a P1S sends deltas: FDM Monster keeps only the last report, so a delta without gcode_state hides the state until the next one that carries it (transitions not seen before the next change are lost)",
        "PrusaLink: FDM Monster polls /api/printer and /api/job every 5 s (2 requests per poll; we count requests answered as reports)",
      ],
    };
  } finally {
    for (const client of clients) client.close();
    await server.child.stop(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
