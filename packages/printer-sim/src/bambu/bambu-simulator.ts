// A simulated Bambu Lab printer: an MQTT broker (aedes) behind a TLS server whose certificate
// has CN = serial, checking `bblp` + access code (CONNACK 5 otherwise), plus an implicit-FTPS
// server with an SD card, both on the printer's own loopback address. Two behaviours:
//   X1C — full reports, pretty-printed JSON, `fun` bitfield, `device{}` packed temperatures;
//   P1S — compact JSON, deltas with `msg: 1`, a full report only on `pushall`.
// Tests drive it in-process (faults, prints, counters); the CLI exposes it next to PrusaLink.
import { X509Certificate } from "node:crypto";
import { createServer, type Server as TlsServer, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { Aedes, type Client } from "aedes";
import type { FaultSettings } from "../faults";
import { noFaults } from "../faults";
import { FtpsServer } from "./ftps-server";
import { checkUploadBehaviour, defaultUploadBehaviour, type UploadBehaviour } from "./ftps-upload";
import {
  BUSY_PRINT_ERROR,
  DEFAULT_PRINT_MINUTES,
  estimatedSecondsOf,
  SD_CARD_PRINT_ERROR,
  startFileOf,
  type StartFile,
} from "./sim-print-start";
import {
  initialReport,
  reportDelta,
  versionModules,
  type BambuSimModel,
  type Json,
  type JsonObject,
} from "./report-templates";
import { makeSdCard, printFileFor, type SdCard } from "./sd-card";
import { issueDeviceCertificate, simAuthority, type SimCertificate } from "./sim-certificates";
import { SimCamera } from "./camera/sim-camera";

export interface BambuSimulatorOptions {
  model?: BambuSimModel;
  name?: string;
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** 8883 on a real printer; 0 = any free port (default, for tests). */
  mqttPort?: number;
  /** 990 on a real printer; 0 = any free port (default). */
  ftpPort?: number;
  serial?: string;
  /** The 8-character LAN access code. */
  accessCode?: string;
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** Real milliseconds between reports while something changes (default 1000, as real printers). */
  reportIntervalMs?: number;
  /** LAN Developer Mode (default on). Off: writes are silently dropped. */
  developerMode?: boolean;
  /** The device key and certificate (PEM) to present, e.g. kept from an earlier run; default: a new one. */
  certificate?: { key: string; cert: string } | undefined;
  /** SD card write rate, capacity and final-reply quirks of uploads (default 150 KiB/s, 1 GiB, 226). */
  upload?: Partial<UploadBehaviour>;
  /** The A1 mini firmware quirk: a start sent while printing cancels the running job (default false). */
  busyStartCancelsJob?: boolean;
  /** P1S camera (JPEG frames over TLS): 6000 on a real printer; 0 = any free port (default). */
  cameraPort?: number;
  /** X1C camera (RTSPS): 322 on a real printer; 0 = any free port (default). */
  rtspPort?: number;
  /** Real milliseconds between camera frames (default 1000). */
  cameraFrameIntervalMs?: number;
  /** LAN live view (default on). Off: the camera port is closed and X1C reports `ipcam.rtsp_url: "disable"`. */
  liveView?: boolean;
}

export interface BambuSimulatorDetails {
  kind: "bambu";
  name: string;
  model: BambuSimModel;
  host: string;
  mqttPort: number;
  ftpPort: number;
  /** The camera's port: port-6000 protocol on P1S, RTSPS on X1C. */
  cameraPort: number;
  serial: string;
  accessCode: string;
  certificateFingerprint: string;
}

export interface HmsEntry {
  attr: number;
  code: number;
}

export interface PrintRequest {
  name?: string;
  layers?: number;
  /** Simulated print time in minutes (default 30). */
  minutes?: number;
  /** Simulated seconds in PREPARE (default 30). */
  prepareSeconds?: number;
  /** The SD file and plate to print (a start over MQTT); default: found or made by name. */
  file?: StartFile;
}

/** Stall: reports stop while the socket stays open. Recovered by `pushing.start` or only by a new connection. */
export type StallMode = "push-start" | "reconnect";

const DEVELOPER_MODE_HMS: HmsEntry = { attr: 0x05000500, code: 0x00010007 };
const CANCELLED = 0x0300400c;
/** print_error values the firmware clears by itself a few seconds later. */
const TRANSIENT_ERRORS = new Set([CANCELLED, BUSY_PRINT_ERROR, SD_CARD_PRINT_ERROR]);
const SPEED_FACTOR: Record<number, number> = { 1: 0.5, 2: 1, 3: 1.24, 4: 1.66 };
const WRITE_COMMANDS = new Set([
  "pause",
  "resume",
  "stop",
  "print_speed",
  "project_file",
  "gcode_line",
  "gcode_file",
  "ledctrl",
  "ams_change_filament",
  "ams_control",
]);

interface SimJob {
  name: string;
  layers: number;
  totalSeconds: number;
  prepareSeconds: number;
  prepared: number;
  printed: number;
}

let serialCounter = 0;

export class BambuSimulator {
  readonly options: Required<Omit<BambuSimulatorOptions, "certificate" | "upload">>;
  private uploadBehaviour: UploadBehaviour;
  private readonly givenCertificate: BambuSimulatorOptions["certificate"];
  readonly card: SdCard;
  private report: JsonObject;
  private lastSent: JsonObject | undefined;
  private sequence = 1000;
  private broker: Aedes | undefined;
  private mqtt: TlsServer | undefined;
  private ftps: FtpsServer | undefined;
  private readonly camera: SimCamera;
  private certificate: SimCertificate | undefined;
  private readonly sockets = new Set<TLSSocket>();
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;
  private job: SimJob | undefined;
  private clearErrorAt: number | undefined;
  private simNow = 0;
  private online = false;
  private stall: StallMode | undefined;
  private subscribesIgnored = false;
  private developerMode: boolean;
  private verifyFailureHms = true;
  private caCert = "";
  /** The last reports published (texts as on the wire), newest last. */
  readonly recentReports: string[] = [];
  /** The last `project_file` / `gcode_file` requests received (bodies as sent), newest last. */
  readonly startRequests: JsonObject[] = [];
  private extraHms: HmsEntry[] = [];
  private genericFaults: FaultSettings = noFaults();
  private stats = {
    connects: 0,
    authFailures: 0,
    maxConcurrentClients: 0,
    pushalls: 0,
    pushStarts: 0,
    getVersions: 0,
    commands: {} as Record<string, number>,
    droppedWrites: 0,
    reports: 0,
    publishedStarts: 0,
  };

  constructor(options: BambuSimulatorOptions = {}) {
    const model = options.model ?? "X1C";
    serialCounter += 1;
    const serial =
      options.serial ??
      `${model === "X1C" ? "00M" : "01P"}09A${String(process.pid % 1000).padStart(3, "0")}${String(serialCounter).padStart(4, "0")}`;
    this.options = {
      model,
      name: options.name ?? `bambu-${model.toLowerCase()}-${serialCounter}`,
      host: options.host ?? "127.0.0.1",
      mqttPort: options.mqttPort ?? 0,
      ftpPort: options.ftpPort ?? 0,
      serial,
      accessCode: options.accessCode ?? "12345678",
      timeScale: options.timeScale ?? 1,
      reportIntervalMs: options.reportIntervalMs ?? 1000,
      developerMode: options.developerMode ?? true,
      busyStartCancelsJob: options.busyStartCancelsJob ?? false,
      cameraPort: options.cameraPort ?? 0,
      rtspPort: options.rtspPort ?? 0,
      cameraFrameIntervalMs: options.cameraFrameIntervalMs ?? 1000,
      liveView: options.liveView ?? true,
    };
    this.uploadBehaviour = { ...defaultUploadBehaviour, ...checkUploadBehaviour(options.upload ?? {}) };
    this.givenCertificate = options.certificate;
    this.developerMode = this.options.developerMode;
    this.report = initialReport(model, serial, this.options.host);
    this.card = makeSdCard(model);
    this.applyDeveloperModeBits();
    this.camera = new SimCamera({
      kind: model === "X1C" ? "rtsps" : "chamber_image",
      host: this.options.host,
      port: model === "X1C" ? this.options.rtspPort : this.options.cameraPort,
      frameIntervalMs: this.options.cameraFrameIntervalMs,
      accessCode: () => this.options.accessCode,
      scene: () => ({
        name: this.options.name,
        state: String(this.report.gcode_state ?? "IDLE"),
        progress: Number(this.report.mc_percent ?? 0),
        at: new Date(),
      }),
    });
    this.applyLiveView(this.options.liveView);
  }

  get name(): string {
    return this.options.name;
  }

  get host(): string {
    return this.options.host;
  }

  get serial(): string {
    return this.options.serial;
  }

  get accessCode(): string {
    return this.options.accessCode;
  }

  get mqttPort(): number {
    return (this.mqtt?.address() as AddressInfo | null)?.port ?? this.options.mqttPort;
  }

  get ftpPort(): number {
    return this.ftps?.port ?? this.options.ftpPort;
  }

  /** The camera's port (P1S: the port-6000 protocol, X1C: RTSPS). */
  get cameraPort(): number {
    return this.camera.port;
  }

  /** Camera connections open right now (tests assert "one upstream per printer"). */
  get cameraConnections(): number {
    return this.camera.counters.current;
  }

  /** Camera connections accepted since start or the last resetCounters. */
  get cameraConnectionsTotal(): number {
    return this.camera.counters.total;
  }

  get liveView(): boolean {
    return this.options.liveView;
  }

  /** LAN live view on the printer's screen. Off: the camera port closes, X1C reports rtsp_url "disable". */
  async setLiveView(on: boolean): Promise<void> {
    this.options.liveView = on;
    this.applyLiveView(on);
    if (this.online) {
      if (on) await this.camera.start(this.certificate!);
      else await this.camera.stop();
    }
    this.push();
  }

  private applyLiveView(on: boolean): void {
    const ipcam = this.report.ipcam as JsonObject | undefined;
    if (!ipcam || this.options.model !== "X1C") return;
    ipcam.rtsp_url = on ? `rtsps://${this.options.host}:${this.camera.port}/streaming/live/1` : "disable";
  }

  /** The device key and certificate (PEM) presented on both ports, to keep for a later run. */
  get certificatePem(): { key: string; cert: string } | undefined {
    return this.certificate ? { key: this.certificate.key, cert: this.certificate.cert } : undefined;
  }

  /** PEM of the simulated "BBL CA" that signed the device certificate (for CA-bundle verification). */
  get caCertificate(): string {
    return this.caCert;
  }

  get certificateFingerprint(): string {
    return this.certificate?.fingerprint256 ?? "";
  }

  /** MQTT clients connected right now (tests assert "never two"). */
  get liveConnections(): number {
    return this.clients.size;
  }

  /** The most MQTT clients ever connected at the same time. */
  get maxConcurrentConnections(): number {
    return this.stats.maxConcurrentClients;
  }

  /** The current `print` object (a copy). */
  get state(): JsonObject {
    return structuredClone(this.report);
  }

  async start(): Promise<this> {
    const given = this.givenCertificate;
    this.certificate = given
      ? { ...given, fingerprint256: new X509Certificate(given.cert).fingerprint256 }
      : await issueDeviceCertificate(this.options.serial);
    this.caCert = (await simAuthority()).cert;
    this.broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        if (username === "bblp" && password?.toString("utf8") === this.options.accessCode)
          return done(null, true);
        this.stats.authFailures += 1;
        done(Object.assign(new Error("not authorized"), { returnCode: 5 as const }), false);
      },
      // A broker that never acknowledges a subscribe (see ignoreSubscribes): no callback at all.
      authorizeSubscribe: (_client, subscription, done) => {
        if (!this.subscribesIgnored) done(null, subscription);
      },
    });
    this.broker.on("client", (client) => {
      this.clients.add(client);
      this.stats.connects += 1;
      this.stats.maxConcurrentClients = Math.max(this.stats.maxConcurrentClients, this.clients.size);
      // The P1 firmware stall ends when the client reconnects.
      if (this.stall === "reconnect") this.stall = undefined;
    });
    this.broker.on("clientDisconnect", (client) => this.clients.delete(client));
    this.broker.on("publish", (packet, client) => {
      if (client && packet.topic === `device/${this.options.serial}/request`)
        this.onRequest(Buffer.from(packet.payload), client);
    });
    this.ftps = new FtpsServer({
      host: this.options.host,
      port: this.options.ftpPort,
      key: this.certificate.key,
      cert: this.certificate.cert,
      accessCode: () => this.options.accessCode,
      card: this.card,
      nlstFullPaths: this.options.model === "X1C",
      upload: () => this.uploadBehaviour,
    });
    try {
      await this.listen();
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.timer = setInterval(() => this.tick(), this.options.reportIntervalMs);
    return this;
  }

  private async listen(): Promise<void> {
    const cert = this.certificate!;
    const server = createServer(
      { key: cert.key, cert: cert.cert, minVersion: "TLSv1.2", maxVersion: "TLSv1.2" },
      (socket) => {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
        this.broker!.handle(socket);
      },
    );
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.mqttPort, this.options.host, () => resolve());
    });
    this.mqtt = server;
    // Remember the ports chosen the first time, so the printer comes back where it was.
    this.options.mqttPort = this.mqttPort;
    try {
      await this.ftps!.start(this.ftpPort);
    } catch (error) {
      // e.g. port 990 needs root: do not leave the MQTT port open for a printer that is not there
      this.mqtt = undefined;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
    this.options.ftpPort = this.ftps!.port;
    try {
      // Started even with live view off, to choose the camera's port; then closed again.
      await this.camera.start(cert);
      if (!this.options.liveView) await this.camera.stop();
    } catch (error) {
      this.mqtt = undefined;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await this.ftps!.stop();
      throw error;
    }
    this.applyLiveView(this.options.liveView);
    this.online = true;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.goAway();
    const broker = this.broker;
    this.broker = undefined;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
  }

  details(): BambuSimulatorDetails {
    const o = this.options;
    return {
      kind: "bambu",
      name: o.name,
      model: o.model,
      host: o.host,
      mqttPort: this.mqttPort,
      ftpPort: this.ftpPort,
      cameraPort: this.cameraPort,
      serial: o.serial,
      accessCode: o.accessCode,
      certificateFingerprint: this.certificateFingerprint,
    };
  }

  counters() {
    return {
      ...this.stats,
      commands: { ...this.stats.commands },
      liveConnections: this.liveConnections,
      refusedFtpDataConnections: this.ftps?.refusedDataConnections ?? 0,
      ftpLogins: this.ftps?.logins ?? 0,
      /** Completed RETRs per SD-card path. */
      ftpRetrievals: Object.fromEntries(this.ftps?.retrievals ?? []),
      /** STORs started, files stored whole, refused (full/no card), bytes received. */
      uploads: { ...(this.ftps?.uploads ?? { started: 0, stored: 0, refused: 0, bytes: 0 }) },
      camera: this.camera.stats(),
    };
  }

  resetCounters(): void {
    this.ftps?.resetCounters();
    this.camera.counters.reset();
    this.stats = {
      connects: 0,
      authFailures: 0,
      maxConcurrentClients: this.clients.size,
      pushalls: 0,
      pushStarts: 0,
      getVersions: 0,
      commands: {},
      droppedWrites: 0,
      reports: 0,
      publishedStarts: 0,
    };
  }

  // ---- fault injection ------------------------------------------------------------------------

  /** The printer is switched off: both servers close and every socket is dropped. */
  async goAway(): Promise<void> {
    if (!this.online) return;
    this.online = false;
    for (const socket of this.sockets) socket.destroy();
    const mqtt = this.mqtt;
    this.mqtt = undefined;
    if (mqtt) await new Promise<void>((resolve) => mqtt.close(() => resolve()));
    await this.ftps?.stop();
    await this.camera.stop();
  }

  /** Switched on again, on the same address and ports. */
  async comeBack(): Promise<void> {
    if (this.online || !this.broker) return;
    await this.listen();
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.camera.dropConnections();
  }

  /** While on, the broker answers pings but never acknowledges a subscribe (a connect stalls there). */
  ignoreSubscribes(on = true): void {
    this.subscribesIgnored = on;
  }

  /** Reports stop while sockets stay open (the P1 firmware stall). */
  stallReports(mode: StallMode = "push-start"): void {
    this.stall = mode;
  }

  resumeReports(): void {
    this.stall = undefined;
  }

  get stalled(): boolean {
    return this.stall !== undefined;
  }

  setHms(entries: HmsEntry[]): void {
    this.extraHms = [...entries];
    this.refreshHms();
    this.push();
  }

  /** Upload rate, capacity and final-reply quirks, for the uploads that start from now on. */
  setUploadBehaviour(patch: Partial<UploadBehaviour>): void {
    this.uploadBehaviour = { ...this.uploadBehaviour, ...checkUploadBehaviour(patch) };
  }

  get upload(): Readonly<UploadBehaviour> {
    return this.uploadBehaviour;
  }

  /** The control endpoint's form of `setUploadBehaviour` (throws on an unknown or bad field). */
  setUploadRequest(request: Record<string, unknown>): void {
    this.setUploadBehaviour(checkUploadBehaviour(request));
  }

  setPrintError(code: number): void {
    this.report.print_error = code;
    this.push();
  }

  /**
   * Off: writes are dropped silently; HMS 0500_0500_0001_0007 appears after a dropped write unless
   * `raiseHms` is false (firmwares differ), and X1 sets the `fun` bit.
   */
  setDeveloperMode(on: boolean, raiseHms = true): void {
    this.developerMode = on;
    this.verifyFailureHms = raiseHms;
    this.applyDeveloperModeBits();
    this.refreshHms();
    this.push();
  }

  /** The user toggled LAN mode: a new access code; connected clients are dropped. */
  setAccessCode(code: string, dropConnections = true): void {
    this.options.accessCode = code;
    if (dropConnections) this.dropConnections();
  }

  /** A new device certificate (same CA), effective for new connections; connected clients are dropped. */
  async replaceCertificate(dropConnections = true): Promise<string> {
    this.certificate = await issueDeviceCertificate(this.options.serial);
    this.mqtt?.setSecureContext({
      key: this.certificate.key,
      cert: this.certificate.cert,
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.2",
    });
    this.ftps?.setCertificate(this.certificate.key, this.certificate.cert);
    this.camera.setCertificate(this.certificate);
    if (dropConnections) this.dropConnections();
    return this.certificate.fingerprint256;
  }

  /** Changes one AMS tray (e.g. remaining filament); on P1S the next delta carries only that tray. */
  setTray(amsId: number, trayId: number, patch: JsonObject): void {
    const units = ((this.report.ams as JsonObject).ams as JsonObject[]) ?? [];
    const tray = (units.find((u) => u.id === String(amsId))?.tray as JsonObject[] | undefined)?.find(
      (t) => t.id === String(trayId),
    );
    if (!tray) throw new Error(`no tray ${amsId}/${trayId}`);
    Object.assign(tray, patch);
    this.push();
  }

  /** Starts a print as if sent from the slicer (no Developer Mode check: the slicer signs its commands). */
  startPrint(request: PrintRequest = {}): void {
    const name = request.name ?? "Benchy";
    const minutes = request.minutes ?? 30;
    this.job = {
      name,
      layers: request.layers ?? 50,
      totalSeconds: minutes * 60,
      prepareSeconds: request.prepareSeconds ?? 30,
      prepared: 0,
      printed: 0,
    };
    const r = this.report;
    const file = request.file ?? printFileFor(this.card, name, this.options.model, minutes);
    const fileName = file.path.split("/").pop()!;
    Object.assign(r, {
      gcode_state: "PREPARE",
      print_type: "local",
      subtask_name: name,
      // X1 names the plate's G-code in its ramdisk; P1/A1 name the 3MF (pybambu's models.py notes).
      gcode_file:
        this.options.model === "X1C" && /\.3mf$/i.test(fileName)
          ? `/data/Metadata/plate_${file.plate}.gcode`
          : fileName,
      gcode_start_time: String(Math.floor(Date.now() / 1000)),
      task_id: "0",
      subtask_id: "0",
      mc_percent: 0,
      layer_num: 0,
      total_layer_num: this.job.layers,
      mc_remaining_time: Math.ceil(minutes),
      gcode_file_prepare_percent: "0",
      print_error: 0,
      stg: [2, 1, 14],
      stg_cur: 2,
      mc_print_stage: "2",
      nozzle_target_temper: 220,
      bed_target_temper: 55,
    });
    this.setAms({ tray_now: "0", tray_tar: "0" });
    this.push();
  }

  /** Pauses the print as if from the printer's screen; false when nothing is printing. */
  pausePrint(): boolean {
    const refused = this.applyWrite("print", "pause", {});
    if (refused === undefined) this.push();
    return refused === undefined;
  }

  /** Resumes a paused print as if from the printer's screen; false when not paused. */
  resumePrint(): boolean {
    const refused = this.applyWrite("print", "resume", {});
    if (refused === undefined) this.push();
    return refused === undefined;
  }

  /**
   * Publishes any payload on the report topic (to test how clients cope with bad payloads): a
   * string or Buffer exactly as given (invalid JSON, NUL bytes, invalid UTF-8), anything else as JSON.
   * Resolves once the broker has handed it on.
   */
  publishRaw(payload: string | Buffer | object): Promise<void> {
    const bytes = Buffer.isBuffer(payload)
      ? payload
      : Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload));
    const broker = this.broker;
    if (!broker) return Promise.resolve();
    return new Promise((resolve) =>
      broker.publish(
        {
          cmd: "publish",
          topic: `device/${this.options.serial}/report`,
          payload: bytes,
          qos: 0,
          retain: false,
          dup: false,
        },
        () => resolve(),
      ),
    );
  }

  /** The control endpoint's form of `publishRaw`: `{ payload: "<text>" }` or `{ base64: "..." }` (bytes as is). */
  injectPoison(request: Record<string, unknown>): Promise<void> {
    if (typeof request.payload === "string") return this.publishRaw(request.payload);
    if (typeof request.base64 === "string") return this.publishRaw(Buffer.from(request.base64, "base64"));
    throw new Error('expected {"payload": "<text>"} or {"base64": "..."}');
  }

  // ---- generic control-endpoint faults (ControllablePrinter) ------------------------------------

  get faults(): Readonly<FaultSettings> {
    return this.genericFaults;
  }

  /** `hang` = broker stall until reconnect; `latencyMs` delays command handling; `dropConnections` drops a client on its next request. */
  setFaults(patch: Partial<FaultSettings>): void {
    this.genericFaults = { ...this.genericFaults, ...patch };
    if (patch.hang === true) this.stallReports("reconnect");
    if (patch.hang === false) this.resumeReports();
  }

  clearFaults(): void {
    this.genericFaults = noFaults();
    this.resumeReports();
  }

  setPassword(code: string): void {
    this.setAccessCode(code);
  }

  // ---- MQTT ---------------------------------------------------------------------------------

  private onRequest(payload: Buffer, client: Client): void {
    let end = payload.length;
    while (end > 0 && payload[end - 1] === 0) end--; // some slicer builds append a NUL
    let message: JsonObject;
    try {
      message = JSON.parse(payload.subarray(0, end).toString("utf8")) as JsonObject;
    } catch {
      return; // real firmware ignores garbage
    }
    if (this.genericFaults.dropConnections) {
      client.close();
      return;
    }
    const run = () => this.handleRequest(message);
    if (this.genericFaults.latencyMs > 0) setTimeout(run, this.genericFaults.latencyMs);
    else run();
  }

  private handleRequest(message: JsonObject): void {
    const [namespace, body] = Object.entries(message)[0] ?? [];
    if (!namespace || typeof body !== "object" || body === null || Array.isArray(body)) return;
    const command = String(body.command ?? "");
    const sequence = String(body.sequence_id ?? "0");
    this.stats.commands[command] = (this.stats.commands[command] ?? 0) + 1;
    if (namespace === "pushing" && command === "pushall") {
      this.stats.pushalls += 1;
      return this.pushFull();
    }
    if (namespace === "pushing" && command === "start") {
      this.stats.pushStarts += 1;
      if (this.stall === "push-start") this.stall = undefined;
      return this.pushFull();
    }
    if (namespace === "info" && command === "get_version") {
      this.stats.getVersions += 1;
      return this.publish({
        info: {
          command: "get_version",
          sequence_id: sequence,
          module: versionModules(this.options.model, this.options.serial),
          result: "success",
          reason: "",
        },
      });
    }
    if (!WRITE_COMMANDS.has(command)) return;
    if (namespace === "print" && (command === "project_file" || command === "gcode_file")) {
      this.stats.publishedStarts += 1;
      this.startRequests.push(structuredClone(body));
      if (this.startRequests.length > 20) this.startRequests.shift();
    }
    if (!this.developerMode) {
      // Authorization Control: the firmware drops unsigned writes without an answer and raises HMS 0500_0500_0001_0007.
      this.stats.droppedWrites += 1;
      this.refreshHms(true);
      return this.push();
    }
    if (namespace === "print" && (command === "project_file" || command === "gcode_file")) {
      void this.startFromRequest(command, body, sequence);
      return;
    }
    const result = this.applyWrite(namespace, command, body);
    const ack: JsonObject = {
      ...body,
      sequence_id: sequence,
      result: result === undefined ? "success" : "failed",
      reason: result ?? "success",
    };
    this.publish({ [namespace]: ack });
    this.push();
  }

  /** Applies a write command; returns a failure reason, or undefined on success. */
  private applyWrite(namespace: string, command: string, body: JsonObject): string | undefined {
    const r = this.report;
    const state = String(r.gcode_state);
    if (namespace === "system" && command === "ledctrl") {
      const node = String(body.led_node);
      const lights = (r.lights_report as JsonObject[]).filter((l) => l.node !== node);
      r.lights_report = [...lights, { node, mode: String(body.led_mode) }].sort((a, b) =>
        String(a.node).localeCompare(String(b.node)),
      );
      return undefined;
    }
    if (namespace !== "print") return "unsupported";
    switch (command) {
      case "pause":
        if (state !== "RUNNING" && state !== "PREPARE") return "not printing";
        Object.assign(r, { gcode_state: "PAUSE", stg_cur: 16 });
        return undefined;
      case "resume":
        if (state !== "PAUSE") return "not paused";
        Object.assign(r, {
          gcode_state: this.job && this.job.prepared < this.job.prepareSeconds ? "PREPARE" : "RUNNING",
          stg_cur: 0,
        });
        return undefined;
      case "stop":
        if (state !== "RUNNING" && state !== "PAUSE" && state !== "PREPARE") return "no task";
        this.job = undefined;
        // The firmware reports the cancellation as print_error 0300_400C and clears it a few seconds later.
        Object.assign(r, {
          gcode_state: "FAILED",
          print_error: CANCELLED,
          stg_cur: 255,
          mc_print_stage: "1",
          nozzle_target_temper: 0,
          bed_target_temper: 0,
          print_type: "idle",
        });
        this.clearErrorAt = this.simNow + 5;
        this.setAms({ tray_now: "255", tray_tar: "255" });
        return undefined;
      case "print_speed": {
        const level = Number(body.param);
        if (!SPEED_FACTOR[level]) return "invalid speed";
        Object.assign(r, { spd_lvl: level, spd_mag: Math.round(SPEED_FACTOR[level] * 100) });
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * `project_file` / `gcode_file`: prints an uploaded file under the request's name with the
   * file's estimated time and acks like the firmware (BUD's virtual printer: result SUCCESS,
   * gcode_state PREPARE). Busy: print_error 0500_4004 and ack FAIL (an A1 mini also cancels the
   * running job); file missing: 0500_C010 and ack FAIL.
   */
  private async startFromRequest(command: string, body: JsonObject, sequence: string): Promise<void> {
    const ack = (result: "SUCCESS" | "FAIL", reason: string, extra: JsonObject = {}) =>
      this.publish({ print: { ...body, sequence_id: sequence, result, reason, ...extra } });
    const refuse = (code: number, reason: string) => {
      this.report.print_error = code;
      this.clearErrorAt = this.simNow + 5;
      ack("FAIL", reason);
      this.push();
    };
    const busy = () => ["RUNNING", "PAUSE", "PREPARE"].includes(String(this.report.gcode_state));
    const refuseBusy = () => {
      if (!this.options.busyStartCancelsJob) return refuse(BUSY_PRINT_ERROR, "Device is busy");
      // The running job ends cancelled (print_error 0300_400C), and the start is not carried out either.
      this.applyWrite("print", "stop", {});
      ack("FAIL", "Device is busy");
      this.push();
    };
    if (busy()) return refuseBusy();
    const file = startFileOf(command, body);
    const stored = file && this.card.files.get(file.path);
    if (!file || !stored) return refuse(SD_CARD_PRINT_ERROR, "MicroSD card read/write exception");
    const fileName = file.path.split("/").pop()!;
    const seconds = await estimatedSecondsOf(stored.data, fileName, file.plate);
    if (busy()) return refuseBusy();
    const name = String(body.subtask_name || "").trim() || fileName.replace(/\.(gcode\.3mf|3mf|gcode)$/i, "");
    this.startPrint({ name, minutes: seconds !== undefined ? seconds / 60 : DEFAULT_PRINT_MINUTES, file });
    ack("SUCCESS", "", {
      gcode_state: "PREPARE",
      gcode_file: String(this.report.gcode_file),
      gcode_file_prepare_percent: "0",
      msg: 0,
    });
  }

  private setAms(patch: JsonObject): void {
    Object.assign(this.report.ams as JsonObject, patch);
    const device = this.report.device as JsonObject | undefined;
    const extruder = (device?.extruder as JsonObject | undefined)?.info as JsonObject[] | undefined;
    if (extruder?.[0] && typeof patch.tray_now === "string")
      extruder[0].snow = extruderSlot(Number(patch.tray_now));
  }

  private applyDeveloperModeBits(): void {
    if (typeof this.report.fun !== "string") return; // P1/A1 do not report `fun`
    const fun = BigInt(`0x${this.report.fun}`);
    this.report.fun = (this.developerMode ? fun & ~0x20000000n : fun | 0x20000000n)
      .toString(16)
      .toUpperCase();
  }

  private refreshHms(writeDropped = false): void {
    const current = (this.report.hms as JsonObject[]) ?? [];
    const hadVerifyFailure = current.some(
      (h) => h.attr === DEVELOPER_MODE_HMS.attr && h.code === DEVELOPER_MODE_HMS.code,
    );
    const list: JsonObject[] = this.extraHms.map((h) => ({ attr: h.attr, code: h.code }));
    if (!this.developerMode && this.verifyFailureHms && (writeDropped || hadVerifyFailure))
      list.push({ attr: DEVELOPER_MODE_HMS.attr, code: DEVELOPER_MODE_HMS.code });
    this.report.hms = list;
  }

  private publish(message: JsonObject): void {
    if (!this.broker || this.stall) return;
    // X1/H2 (Linux) send pretty-printed JSON; P1/A1 (ESP32) compact JSON.
    const text = this.options.model === "X1C" ? JSON.stringify(message, null, 4) : JSON.stringify(message);
    this.stats.reports += 1;
    this.recentReports.push(text);
    if (this.recentReports.length > 50) this.recentReports.shift();
    this.broker.publish(
      {
        cmd: "publish",
        topic: `device/${this.options.serial}/report`,
        payload: Buffer.from(text),
        qos: 0,
        retain: false,
        dup: false,
      },
      () => undefined,
    );
  }

  private pushFull(): void {
    if (this.stall) return;
    this.sequence += 1;
    this.publish({
      print: {
        ...structuredClone(this.report),
        command: "push_status",
        msg: 0,
        sequence_id: String(this.sequence),
      },
    });
    this.lastSent = structuredClone(this.report);
  }

  /** Sends what changed: the whole state on X1, a delta on P1. */
  private push(): void {
    if (this.stall || this.clients.size === 0) return;
    if (this.options.model === "X1C" || !this.lastSent) return this.pushFull();
    const delta = reportDelta(this.lastSent, this.report);
    if (Object.keys(delta).length === 0) return;
    this.sequence += 1;
    this.publish({ print: { ...delta, command: "push_status", msg: 1, sequence_id: String(this.sequence) } });
    this.lastSent = structuredClone(this.report);
  }

  // ---- simulated time -------------------------------------------------------------------------

  private tick(): void {
    const dt = (this.options.reportIntervalMs / 1000) * this.options.timeScale;
    this.simNow += dt;
    const r = this.report;
    if (this.clearErrorAt !== undefined && this.simNow >= this.clearErrorAt) {
      this.clearErrorAt = undefined;
      if (TRANSIENT_ERRORS.has(Number(r.print_error))) r.print_error = 0;
    }
    const job = this.job;
    const state = String(r.gcode_state);
    if (job && state === "PREPARE") {
      job.prepared += dt;
      r.gcode_file_prepare_percent = String(
        Math.min(100, Math.floor((job.prepared / job.prepareSeconds) * 100)),
      );
      if (job.prepared >= job.prepareSeconds)
        Object.assign(r, { gcode_state: "RUNNING", stg_cur: 0, layer_num: 1 });
    } else if (job && state === "RUNNING") {
      job.printed += dt * (SPEED_FACTOR[Number(r.spd_lvl)] ?? 1);
      const fraction = Math.min(1, job.printed / job.totalSeconds);
      const before = Number(r.mc_percent);
      r.mc_percent = Math.floor(fraction * 100);
      r.layer_num = Math.max(1, Math.ceil(fraction * job.layers));
      // Minutes, as real printers report it.
      r.mc_remaining_time = Math.ceil(Math.max(0, job.totalSeconds - job.printed) / 60);
      if (Math.floor(before / 10) !== Math.floor(Number(r.mc_percent) / 10)) this.useFilament();
      if (fraction >= 1) {
        this.job = undefined;
        Object.assign(r, {
          gcode_state: "FINISH",
          mc_percent: 100,
          layer_num: job.layers,
          mc_remaining_time: 0,
          stg_cur: 255,
          mc_print_stage: "1",
          nozzle_target_temper: 0,
          bed_target_temper: 0,
          print_type: "idle",
        });
        this.setAms({ tray_now: "255", tray_tar: "255" });
      }
    }
    this.approachTemperatures(dt);
    if (Math.round(this.simNow / dt) % 3 === 0) r.wifi_signal = `-${48 + Math.floor(Math.random() * 6)}dBm`;
    this.push();
  }

  private useFilament(): void {
    const tray = (
      ((this.report.ams as JsonObject).ams as JsonObject[])[0]?.tray as JsonObject[] | undefined
    )?.[0];
    if (tray && typeof tray.remain === "number" && tray.remain > 0) tray.remain -= 1;
  }

  private approachTemperatures(dt: number): void {
    const r = this.report;
    const step = (current: Json | undefined, target: Json | undefined): number => {
      const c = Number(current ?? 0);
      const t = Number(target ?? 0) || 24;
      const next = c + (t - c) * Math.min(1, 0.15 * dt);
      return Math.round(next * 8) / 8;
    };
    r.nozzle_temper = step(r.nozzle_temper, r.nozzle_target_temper);
    r.bed_temper = step(r.bed_temper, r.bed_target_temper);
    const device = r.device as JsonObject | undefined;
    if (device) {
      // Newer firmware: (target << 16) | current, mirrored from the flat fields.
      const pack = (current: Json | undefined, target: Json | undefined) =>
        (Number(target ?? 0) << 16) | Math.round(Number(current ?? 0));
      ((device.bed as JsonObject).info as JsonObject).temp = pack(r.bed_temper, r.bed_target_temper);
      const extruder = ((device.extruder as JsonObject).info as JsonObject[])[0];
      if (extruder) extruder.temp = pack(r.nozzle_temper, r.nozzle_target_temper);
    }
  }
}

export async function startBambuSimulator(options: BambuSimulatorOptions = {}): Promise<BambuSimulator> {
  return new BambuSimulator(options).start();
}

/**
 * `ams.tray_now` as `device.extruder.info[].snow` reports it: (ams id << 8) | tray, with 0xFFFF for
 * nothing loaded; an AMS HT (128+) or an external spool (254/255) is its id with tray 0.
 */
function extruderSlot(trayNow: number): number {
  if (trayNow === 255) return 0xffff;
  if (trayNow >= 128) return trayNow << 8;
  return ((trayNow >> 2) << 8) | (trayNow & 3);
}
