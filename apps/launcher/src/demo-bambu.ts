// The demo farm's Bambu Lab printers: two X1C and two P1S simulators, each on its own loopback
// address with a real printer's ports (MQTT over TLS 8883, implicit FTPS 990). Like a real
// printer, each keeps its device certificate: the key and certificate live in the data directory
// (demo-printers/<serial>.key|.crt, mode 0600), so the fingerprint pinned when the printer was
// registered still matches on every later start. Port 990 needs root (or CAP_NET_BIND_SERVICE);
// when a simulator cannot listen, the rest of the demo farm runs and one line says why.
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import { BambuSimulator, issueDeviceCertificate, type BambuSimModel } from "@printernizer/printer-sim/bambu";
import type { DemoPrinter } from "./demo-printer";

interface BambuDemoIdentity {
  name: string;
  model: BambuSimModel;
  host: string;
  serial: string;
  accessCode: string;
}

export interface BambuDemoOutcome {
  printers: DemoPrinter[];
  /** One line saying which Bambu demo printers are missing and why; undefined when all run. */
  problem?: string;
}

const mqttPort = 8883;
const ftpPort = 990;
// The cameras, as real printers have them (P1S frames on 6000, X1C RTSPS on 322); the adapter's defaults.
const cameraPort = 6000;
const rtspPort = 322;
const bambuSpecs: { name: string; model: BambuSimModel; host: string }[] = [
  { name: "Demo X1C 1", model: "X1C", host: "127.0.2.1" },
  { name: "Demo X1C 2", model: "X1C", host: "127.0.2.2" },
  { name: "Demo P1S 1", model: "P1S", host: "127.0.2.3" },
  { name: "Demo P1S 2", model: "P1S", host: "127.0.2.4" },
];
const sampleJobs = [
  { name: "Benchy", minutes: 45 },
  { name: "Cable clips x8", minutes: 25 },
  { name: "Planter", minutes: 120 },
];

/** First start: runs new Bambu demo printers and registers those that could start. */
export async function addBambuDemoPrinters(options: {
  db: Db;
  cipher: CredentialCipher;
  dataDir: string;
  timeScale: number;
  firstIndex: number;
  say: (line: string) => void;
}): Promise<BambuDemoOutcome> {
  const { db, cipher } = options;
  const identities = bambuSpecs.map((spec) => ({
    ...spec,
    // Like real serials: 00M… for X1C, 01P… for P1S, 15 characters; an 8-digit LAN access code.
    serial: `${spec.model === "X1C" ? "00M" : "01P"}09A${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`,
    accessCode: String(randomInt(10_000_000, 100_000_000)),
  }));
  const outcome = await startAll(identities, false, options);
  for (const { identity, sim } of outcome.running) {
    await db.printer.create({
      data: {
        kind: "bambu",
        name: identity.name,
        host: identity.host,
        serial: identity.serial,
        model: identity.model,
        isDemo: true,
        credentials: cipher.encryptJson({ accessCode: identity.accessCode }),
        settings: { mqttPort, ftpPort, certificateFingerprint: sim.certificateFingerprint },
      },
    });
  }
  return {
    printers: outcome.printers,
    ...(outcome.failed.length ? { problem: problemLine(outcome.failed, "not added") } : {}),
  };
}

/** Later starts: brings back the simulators of the Bambu demo printers that still exist. */
export async function restartBambuDemoPrinters(
  rows: { name: string; host: string; serial: string | null; model: string | null; credentials: string }[],
  options: {
    cipher: CredentialCipher;
    dataDir: string;
    timeScale: number;
    firstIndex: number;
    say: (line: string) => void;
  },
): Promise<BambuDemoOutcome> {
  const identities = rows.flatMap((row): BambuDemoIdentity[] => {
    if (!row.serial) return [];
    const { accessCode } = options.cipher.decryptJson<{ accessCode: string }>(row.credentials);
    return [
      {
        name: row.name,
        host: row.host,
        serial: row.serial,
        model: row.model === "P1S" ? "P1S" : "X1C",
        accessCode,
      },
    ];
  });
  const outcome = await startAll(identities, true, options);
  return {
    printers: outcome.printers,
    ...(outcome.failed.length ? { problem: problemLine(outcome.failed, "shown as unreachable") } : {}),
  };
}

async function startAll(
  identities: BambuDemoIdentity[],
  registered: boolean,
  options: { dataDir: string; timeScale: number; firstIndex: number; say: (line: string) => void },
) {
  const running: { identity: BambuDemoIdentity; sim: BambuSimulator }[] = [];
  const failed: { identity: BambuDemoIdentity; error: unknown }[] = [];
  const printers: DemoPrinter[] = [];
  for (const identity of identities) {
    const certificates = path.join(options.dataDir, "demo-printers");
    const kept = readCertificate(certificates, identity.serial);
    const certificate = kept ?? (await issueDeviceCertificate(identity.serial));
    const sim = new BambuSimulator({
      ...identity,
      mqttPort,
      ftpPort,
      cameraPort,
      rtspPort,
      timeScale: options.timeScale,
      certificate: { key: certificate.key, cert: certificate.cert },
    });
    try {
      await sim.start();
    } catch (error) {
      failed.push({ identity, error });
      continue;
    }
    if (!kept) {
      writeCertificate(certificates, identity.serial, certificate);
      // A registered printer whose certificate is gone presents a new one, like after a mainboard swap.
      if (registered)
        options.say(
          `demo printer ${identity.name} had no certificate in ${certificates}: it presents a new one now; trust it under Admin → Printers`,
        );
    }
    const stopPrinting = keepPrinting(sim, options.firstIndex + running.length);
    running.push({ identity, sim });
    printers.push({ name: identity.name, stop: async () => (stopPrinting(), await sim.stop()) });
  }
  return { running, failed, printers };
}

function readCertificate(dir: string, serial: string): { key: string; cert: string } | undefined {
  const keyFile = path.join(dir, `${serial}.key`);
  const certFile = path.join(dir, `${serial}.crt`);
  if (!existsSync(keyFile) || !existsSync(certFile)) return undefined;
  return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
}

function writeCertificate(dir: string, serial: string, certificate: { key: string; cert: string }): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, `${serial}.key`), certificate.key, { mode: 0o600 });
  writeFileSync(path.join(dir, `${serial}.crt`), certificate.cert, { mode: 0o600 });
}

function problemLine(failed: { identity: BambuDemoIdentity; error: unknown }[], consequence: string): string {
  const first = failed[0]!;
  const message = first.error instanceof Error ? first.error.message : String(first.error);
  const code = (first.error as { code?: unknown }).code;
  const hint =
    code === "EACCES"
      ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
      : code === "EADDRNOTAVAIL"
        ? ` (this system has no loopback address ${first.identity.host})`
        : code === "EADDRINUSE"
          ? " (is another simulator, e.g. printer-sim --bambu, running?)"
          : "";
  return `demo farm: ${failed.length} Bambu demo printer${failed.length === 1 ? "" : "s"} (${failed.map((f) => f.identity.name).join(", ")}) ${consequence}: the simulator cannot listen on ${first.identity.host}:${mqttPort}/${ftpPort}: ${message}${hint}`;
}

/** Starts a print now and then, with idle pauses between them, so the farm looks alive. */
function keepPrinting(sim: BambuSimulator, index: number): () => void {
  let next = Date.now() + index * 15_000; // staggered, so the farm shows printing and idle printers
  const timer = setInterval(
    () => {
      const state = String(sim.state.gcode_state);
      if ((state === "IDLE" || state === "FINISH" || state === "FAILED") && Date.now() >= next) {
        sim.startPrint(sampleJobs[(index + Math.floor(Date.now() / 60_000)) % sampleJobs.length]!);
        next = Date.now() + 20_000 + Math.random() * 40_000;
      }
    },
    5_000 + index * 700,
  );
  return () => clearInterval(timer);
}
