// The benchmark's simulated farm: plans N printers (Bambu and PrusaLink mixed), spreads them
// over a few simulator host processes on loopback addresses, and relays state changes.
//   Bambu:     127.2.<b / 250>.<b % 250 + 1>, MQTT/TLS 8883, FTPS 9990 (990 needs root)
//   PrusaLink: 127.1.<p / 250>.<p % 250 + 1>:8080
import { randomBytes } from "node:crypto";
import path from "node:path";
import { startChild, type BenchChild } from "./child-processes";
import type { HostMessage, HostOptions, HostRequest, SimPrinterSpec } from "./sim-protocol";

export interface FleetPlan {
  printers: SimPrinterSpec[];
}

export function planFleet(count: number, bambuShare: number): FleetPlan {
  const bambuCount = Math.round(count * bambuShare);
  const printers: SimPrinterSpec[] = [];
  const address = (block: number, n: number) => `127.${block}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  let bambuSoFar = 0;
  for (let i = 0; i < count; i++) {
    // Interleaved, so any slice of the fleet has both kinds.
    const isBambu = bambuSoFar < Math.round((i + 1) * bambuShare) && bambuSoFar < bambuCount;
    if (isBambu) {
      const b = bambuSoFar;
      const model = b % 2 === 0 ? "X1C" : "P1S";
      printers.push({
        index: i,
        kind: "bambu",
        name: `Bench Bambu ${b + 1}`,
        host: address(2, b),
        port: 8883,
        ftpPort: 9990,
        serial: `${model === "X1C" ? "00M" : "01P"}09BENCH${String(b + 1).padStart(5, "0")}`,
        model,
        secret: randomBytes(4).toString("hex"),
      });
      bambuSoFar++;
    } else {
      const p = i - bambuSoFar;
      printers.push({
        index: i,
        kind: "prusalink",
        name: `Bench MK4 ${p + 1}`,
        host: address(1, p),
        port: 8080,
        ftpPort: 0,
        serial: `BENCHMK4${String(p + 1).padStart(6, "0")}`,
        model: "MK4",
        secret: randomBytes(9).toString("base64url"),
      });
    }
  }
  return { printers };
}

export interface Toggled {
  index: number;
  at: number;
  paused: boolean;
  ok: boolean;
}

export interface FleetCounters {
  bambuReports: number;
  prusaRequests: number;
  /** FTPS uploads (STOR) the Bambu simulators began and stored whole. */
  uploadsStarted: number;
  uploadsStored: number;
}

export interface SimFleet {
  printers: Array<SimPrinterSpec & { certificateFingerprint?: string }>;
  hosts: BenchChild[];
  toggle(index: number): Promise<Toggled>;
  counters(): Promise<FleetCounters>;
  /** Every Bambu printer starts a print of `seconds`; resolves with the wall-clock ms the last one ends. */
  firstJob(seconds: number): Promise<number>;
  /** Every Bambu printer forgets its SD card's files. */
  clearCards(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimFleet(options: {
  plan: FleetPlan;
  printersPerHost: number;
  timeoutMs: number;
  log: (line: string) => void;
  hostOptions?: HostOptions;
}): Promise<SimFleet> {
  const { plan, printersPerHost, log } = options;
  const slices: SimPrinterSpec[][] = [];
  for (let i = 0; i < plan.printers.length; i += printersPerHost)
    slices.push(plan.printers.slice(i, i + printersPerHost));
  const hosts = slices.map((slice, n) =>
    startChild({
      name: `sims-${n + 1}`,
      args: [
        "--import",
        "tsx",
        path.join(import.meta.dirname, "sim-host.ts"),
        JSON.stringify(slice),
        JSON.stringify(options.hostOptions ?? {}),
      ],
      cwd: path.join(import.meta.dirname, ".."),
      env: process.env,
      ipc: true,
      log,
    }),
  );
  const hostOf = new Map<number, BenchChild>();
  slices.forEach((slice, n) => slice.forEach((p) => hostOf.set(p.index, hosts[n]!)));
  const fingerprints = new Map<number, string>();
  const pendingToggles = new Map<number, (t: Toggled) => void>();
  const pendingCounters = new Map<BenchChild, (c: FleetCounters) => void>();
  /** Replies to firstJob / clearCards, one per host. */
  const pendingReplies = new Map<BenchChild, (endsAt: number) => void>();
  const stop = async () => {
    await Promise.all(hosts.map((h) => h.stop()));
  };

  try {
    await Promise.all(
      hosts.map(
        (host) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () =>
                reject(
                  new Error(`${host.name} did not start its simulators within ${options.timeoutMs / 1000} s`),
                ),
              options.timeoutMs,
            );
            void host.exited.then(({ code, signal }) =>
              reject(
                new Error(`${host.name} exited (${signal ?? code}) while starting; its output is above`),
              ),
            );
            host.process.on("message", (message: HostMessage) => {
              if (message.type === "ready") {
                for (const p of message.printers)
                  if (p.certificateFingerprint) fingerprints.set(p.index, p.certificateFingerprint);
                clearTimeout(timer);
                resolve();
              } else if (message.type === "failed") {
                clearTimeout(timer);
                reject(new Error(`${host.name}: ${message.error}`));
              } else if (message.type === "toggled") {
                pendingToggles.get(message.index)?.(message);
                pendingToggles.delete(message.index);
              } else if (message.type === "counters") {
                pendingCounters.get(host)?.(message);
                pendingCounters.delete(host);
              } else if (message.type === "firstJobStarted" || message.type === "cardsCleared") {
                pendingReplies.get(host)?.(message.type === "firstJobStarted" ? message.endsAt : 0);
                pendingReplies.delete(host);
              }
            });
          }),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }

  // A host that has gone (the run is stopping because something failed) answers nothing: the
  // callback keeps a closed channel from becoming an unhandled 'error' that hides the real failure.
  const request = (host: BenchChild, message: HostRequest, gone: (error: Error) => void) =>
    host.process.send(message, (error) => {
      if (error) gone(error);
    });
  const askEveryHost = (message: HostRequest) =>
    Promise.all(
      hosts.map(
        (host) =>
          new Promise<number>((resolve, reject) => {
            pendingReplies.set(host, resolve);
            request(host, message, (error) => {
              pendingReplies.delete(host);
              reject(new Error(`${host.name} did not take "${message.type}": ${error.message}`));
            });
          }),
      ),
    );
  return {
    printers: plan.printers.map((p) => ({
      ...p,
      ...(fingerprints.has(p.index) ? { certificateFingerprint: fingerprints.get(p.index) } : {}),
    })),
    hosts,
    toggle: (index) =>
      new Promise<Toggled>((resolve) => {
        pendingToggles.set(index, resolve);
        request(hostOf.get(index)!, { type: "toggle", index }, () => {
          pendingToggles.delete(index);
          resolve({ index, at: Date.now(), paused: false, ok: false });
        });
      }),
    counters: async () => {
      const all = await Promise.all(
        hosts.map(
          (host) =>
            new Promise<FleetCounters>((resolve, reject) => {
              pendingCounters.set(host, resolve);
              request(host, { type: "counters" }, (error) => {
                pendingCounters.delete(host);
                reject(new Error(`${host.name} cannot report its counters: ${error.message}`));
              });
            }),
        ),
      );
      return all.reduce(
        (sum, c) => ({
          bambuReports: sum.bambuReports + c.bambuReports,
          prusaRequests: sum.prusaRequests + c.prusaRequests,
          uploadsStarted: sum.uploadsStarted + c.uploadsStarted,
          uploadsStored: sum.uploadsStored + c.uploadsStored,
        }),
        { bambuReports: 0, prusaRequests: 0, uploadsStarted: 0, uploadsStored: 0 },
      );
    },
    firstJob: async (seconds) => Math.max(...(await askEveryHost({ type: "firstJob", seconds }))),
    clearCards: async () => {
      await askEveryHost({ type: "clearCards" });
    },
    stop,
  };
}
