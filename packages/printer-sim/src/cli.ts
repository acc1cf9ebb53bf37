#!/usr/bin/env node
// Runs many simulated printers in one process and prints their connection details as JSON:
//   pnpm --filter @printernizer/printer-sim start -- --prusa 3
// Each Prusa printer gets its own loopback address (127.0.1.1, 127.0.1.2, …) on one port, so it
// looks like a farm on a LAN; `--address-mode ports` puts them all on 127.0.0.1 with consecutive
// ports instead (for systems where only 127.0.0.1 is configured). A control endpoint
// (see control-server.ts) lets other processes inject faults.
// Adding a printer kind: a `Spawner` entry below (flag, address block, start function).
import { parseArgs } from "node:util";
import { PrusaLinkSimulator } from "./prusalink/index";
import { DEFAULT_UPLOAD_BYTES_PER_SECOND } from "./prusalink/sim-transfer";
import { startBambuSimulator } from "./bambu/index";
import { startControlServer, type ControllablePrinter } from "./control-server";

// `pnpm start -- --prusa 3` forwards the "--" itself; drop it.
const argv = process.argv.slice(2);
if (argv[0] === "--") argv.shift();

const { values } = parseArgs({
  args: argv,
  options: {
    prusa: { type: "string", default: "0" },
    "prusa-rpi": { type: "string", default: "0" },
    "prusa-rpi-legacy": { type: "boolean", default: false },
    bambu: { type: "string", default: "0" },
    "bambu-mqtt-port": { type: "string", default: "8883" },
    "bambu-ftp-port": { type: "string", default: "990" },
    "bambu-camera-port": { type: "string", default: "6000" },
    "bambu-rtsp-port": { type: "string", default: "322" },
    "bambu-upload-rate": { type: "string", default: String(150 * 1024) },
    "prusa-upload-rate": { type: "string", default: String(DEFAULT_UPLOAD_BYTES_PER_SECOND) },
    "time-scale": { type: "string", default: "1" },
    "address-mode": { type: "string", default: "loopback" },
    port: { type: "string" },
    "control-port": { type: "string", default: "7990" },
    password: { type: "string" },
    help: { type: "boolean", default: false },
  },
  allowPositionals: false,
});

if (values.help) {
  console.warn(`usage: printer-sim [--prusa N] [--prusa-rpi N [--prusa-rpi-legacy]] [--time-scale X] [--address-mode loopback|ports] [--port P] [--control-port P] [--password PW]
  --prusa N          Buddy-firmware PrusaLink printers on 127.0.1.1..N (default port 8080)
  --prusa-rpi N      Raspberry Pi Prusa-Link printers on 127.0.3.1..N
  --prusa-rpi-legacy they answer as Prusa-Link 0.7.0 (api "0.9.0-legacy": legacy endpoints only)
  --bambu N          Bambu Lab printers (X1C and P1S alternating) on 127.0.2.1..N, MQTT/TLS 8883 + FTPS 990
  --bambu-mqtt-port P / --bambu-ftp-port P   other ports (e.g. 9990 when 990 needs root); ports mode: any free port
  --bambu-camera-port P / --bambu-rtsp-port P camera ports: P1S frames (6000), X1C RTSPS (322); ports mode: any free port
  --bambu-upload-rate B  simulated SD card write rate in bytes/s (default 153600; 0 = unlimited)
  --prusa-upload-rate B  simulated PrusaLink upload rate in bytes/s (default 300000; 0 = unlimited)
  --time-scale X     simulated seconds per real second (default 1)
  --address-mode     loopback: one address per printer; ports: 127.0.0.1 with consecutive ports
  --control-port P   fault-injection endpoint on 127.0.0.1:P (default 7990, 0 = any)`);
  process.exit(0);
}

const timeScale = Number(values["time-scale"]);
const prusaUploadRate = Number(values["prusa-upload-rate"]);
if (!Number.isFinite(prusaUploadRate) || prusaUploadRate < 0) {
  console.error("--prusa-upload-rate must be a number of bytes per second ≥ 0");
  process.exit(2);
}
const mode = values["address-mode"] === "ports" ? "ports" : "loopback";
const basePort = values.port !== undefined ? Number(values.port) : mode === "loopback" ? 8080 : 18080;

interface Spawner {
  count: number;
  /** Third octet of the printer's loopback block: 127.0.<block>.<n>. */
  block: number;
  start(index: number, host: string, port: number): Promise<ControllablePrinter & { details(): object }>;
}

const spawners: Spawner[] = [
  {
    count: Number(values.prusa),
    block: 1,
    start: (i, host, port) =>
      new PrusaLinkSimulator({
        flavour: "buddy",
        host,
        port,
        name: `prusa-${i + 1}`,
        timeScale,
        uploadBytesPerSecond: prusaUploadRate,
        serial: `SIMMK4${String(i + 1).padStart(5, "0")}`,
        ...(values.password ? { password: values.password } : {}),
      }).start(),
  },
  {
    count: Number(values["prusa-rpi"]),
    block: 3,
    start: (i, host, port) =>
      new PrusaLinkSimulator({
        flavour: "rpi",
        host,
        port,
        name: `prusa-rpi-${i + 1}`,
        timeScale,
        uploadBytesPerSecond: prusaUploadRate,
        serial: `SIMMK3${String(i + 1).padStart(5, "0")}`,
        legacyApi: values["prusa-rpi-legacy"],
        ...(values.password ? { password: values.password } : {}),
      }).start(),
  },
  {
    count: Number(values.bambu),
    block: 2,
    // Bambu printers keep their own well-known ports (8883, 990) on their own address; in ports mode any free ports.
    start: (i, host) =>
      startBambuSimulator({
        model: i % 2 === 0 ? "X1C" : "P1S",
        name: `bambu-${i + 1}`,
        host,
        mqttPort: mode === "loopback" ? Number(values["bambu-mqtt-port"]) : 0,
        ftpPort: mode === "loopback" ? Number(values["bambu-ftp-port"]) : 0,
        cameraPort: mode === "loopback" ? Number(values["bambu-camera-port"]) : 0,
        rtspPort: mode === "loopback" ? Number(values["bambu-rtsp-port"]) : 0,
        serial: `${i % 2 === 0 ? "00M" : "01P"}09ASIM${String(i + 1).padStart(5, "0")}`,
        timeScale,
        upload: { bytesPerSecond: Number(values["bambu-upload-rate"]) },
        ...(values.password ? { accessCode: values.password } : {}),
      }),
  },
];

const printers: Array<ControllablePrinter & { details(): object }> = [];
let nextPort = basePort;
for (const spawner of spawners) {
  for (let i = 0; i < spawner.count; i++) {
    const host = mode === "loopback" ? `127.0.${spawner.block}.${i + 1}` : "127.0.0.1";
    const port = mode === "loopback" ? basePort : nextPort++;
    try {
      printers.push(await spawner.start(i, host, port));
    } catch (error) {
      console.error(
        `cannot start a simulator on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}` +
          (mode === "loopback" ? " (try --address-mode ports)" : ""),
      );
      await Promise.all(printers.map((p) => p.goAway()));
      process.exit(1);
    }
  }
}

const control = await startControlServer(() => printers, "127.0.0.1", Number(values["control-port"]));
const details = printers.map((p) => ({
  ...p.details(),
  control: `http://${control.host}:${control.port}/printers/${encodeURIComponent(p.name)}`,
}));
process.stdout.write(`${JSON.stringify(details, null, 2)}\n`);
if (printers.length === 0) console.warn("no printers requested (use --prusa N, --bambu N); see --help");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([control.close(), ...printers.map((p) => p.goAway())]).then(() => process.exit(0));
  });
}
