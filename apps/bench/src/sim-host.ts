// A simulator host process: runs a slice of the benchmark's fleet (PrusaLink and Bambu
// simulators from @printernizer/printer-sim), starts a long print on each (unless its options say
// the printers start idle) and, when told over IPC, pauses or resumes one printer and answers with
// the wall-clock time of the change, starts a first job of a given length on every printer, or
// empties the Bambu SD cards.
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import type { HostMessage, HostOptions, HostRequest, SimPrinterSpec } from "./sim-protocol";

interface HostedPrinter {
  spec: SimPrinterSpec;
  toggle(): { paused: boolean; ok: boolean };
  counters(): { bambuReports: number; prusaRequests: number; uploadsStarted: number; uploadsStored: number };
  /** Starts a print of this many real seconds (Bambu only; replaces what it prints). */
  firstJob?(seconds: number): void;
  clearCard?(): void;
  stop(): Promise<void>;
}

const send = (message: HostMessage) => process.send?.(message);
const specs = JSON.parse(process.argv[2] ?? "[]") as SimPrinterSpec[];
const hostOptions = JSON.parse(process.argv[3] ?? "{}") as HostOptions;
const timeScale = hostOptions.timeScale ?? 1;
const hosted: HostedPrinter[] = [];
const byIndex = new Map<number, HostedPrinter>();
/** Long enough that no print finishes during a run. */
const printSeconds = 7 * 24 * 3600;
const initialPrintSeconds =
  hostOptions.initialPrintSeconds === undefined ? printSeconds : hostOptions.initialPrintSeconds;

async function startPrusa(spec: SimPrinterSpec): Promise<HostedPrinter> {
  const sim = await new PrusaLinkSimulator({
    host: spec.host,
    port: spec.port,
    name: spec.name,
    password: spec.secret,
    serial: spec.serial,
    seedFiles: false,
  }).start();
  sim.storage.addFile(
    sim.storage.root,
    "bench_0.4n_0.2mm_PLA_MK4.gcode",
    Buffer.from("; benchmark print\nG28\n"),
    { printSeconds },
  );
  if (!sim.startPrint(`/${sim.storage.rootName}/bench_0.4n_0.2mm_PLA_MK4.gcode`))
    throw new Error(`${spec.name}: the print did not start`);
  let paused = false;
  return {
    spec,
    toggle: () => {
      const ok = paused ? sim.engine.resume() : sim.engine.pause();
      if (ok) paused = !paused;
      return { paused, ok };
    },
    counters: () => ({
      bambuReports: 0,
      prusaRequests: sim.counters().requests,
      uploadsStarted: 0,
      uploadsStored: 0,
    }),
    stop: () => sim.stop(),
  };
}

async function startBambu(spec: SimPrinterSpec): Promise<HostedPrinter & { fingerprint: string }> {
  const model = spec.model === "P1S" ? "P1S" : "X1C";
  const sim = await new BambuSimulator({
    model,
    name: spec.name,
    host: spec.host,
    mqttPort: spec.port,
    ftpPort: spec.ftpPort,
    serial: spec.serial,
    accessCode: spec.secret,
    timeScale,
    ...(hostOptions.uploadBytesPerSecond
      ? { upload: { bytesPerSecond: hostOptions.uploadBytesPerSecond } }
      : {}),
  }).start();
  if (initialPrintSeconds !== null)
    sim.startPrint({ name: "bench", minutes: (initialPrintSeconds * timeScale) / 60, prepareSeconds: 2 });
  let paused = false;
  return {
    spec,
    fingerprint: sim.certificateFingerprint,
    toggle: () => {
      const ok = paused ? sim.resumePrint() : sim.pausePrint();
      if (ok) paused = !paused;
      return { paused, ok };
    },
    counters: () => {
      const c = sim.counters();
      return {
        bambuReports: c.reports,
        prusaRequests: 0,
        uploadsStarted: c.uploads.started,
        uploadsStored: c.uploads.stored,
      };
    },
    firstJob: (seconds) =>
      sim.startPrint({ name: "first job", minutes: (seconds * timeScale) / 60, prepareSeconds: timeScale }),
    clearCard: () => sim.card.files.clear(),
    stop: () => sim.stop(),
  };
}

async function main(): Promise<void> {
  const ready: Array<{ index: number; certificateFingerprint?: string }> = [];
  // A few at a time: Bambu simulators generate an RSA certificate each.
  const queue = [...specs];
  const startOne = async (): Promise<void> => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      if (spec.kind === "bambu") {
        const printer = await startBambu(spec);
        hosted.push(printer);
        ready.push({ index: spec.index, certificateFingerprint: printer.fingerprint });
      } else {
        hosted.push(await startPrusa(spec));
        ready.push({ index: spec.index });
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, startOne));
  for (const printer of hosted) byIndex.set(printer.spec.index, printer);
  send({ type: "ready", printers: ready });
}

process.on("message", (request: HostRequest) => {
  if (request.type === "toggle") {
    const printer = byIndex.get(request.index);
    if (!printer) return;
    const at = Date.now();
    const { paused, ok } = printer.toggle();
    send({ type: "toggled", index: request.index, at, paused, ok });
  } else if (request.type === "counters") {
    const total = { bambuReports: 0, prusaRequests: 0, uploadsStarted: 0, uploadsStored: 0 };
    for (const printer of hosted) {
      const c = printer.counters();
      total.bambuReports += c.bambuReports;
      total.prusaRequests += c.prusaRequests;
      total.uploadsStarted += c.uploadsStarted;
      total.uploadsStored += c.uploadsStored;
    }
    send({ type: "counters", ...total });
  } else if (request.type === "firstJob") {
    for (const printer of hosted) printer.firstJob?.(request.seconds);
    send({ type: "firstJobStarted", endsAt: Date.now() + request.seconds * 1000 });
  } else if (request.type === "clearCards") {
    for (const printer of hosted) printer.clearCard?.();
    send({ type: "cardsCleared" });
  }
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void Promise.allSettled(hosted.map((p) => p.stop())).then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The benchmark went away (even by SIGKILL): do not outlive it.
process.on("disconnect", stop);

main().catch((error: unknown) => {
  send({ type: "failed", error: error instanceof Error ? error.message : String(error) });
  stop();
});
