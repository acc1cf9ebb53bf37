// The Bambu Lab LAN adapter: MQTT over TLS for status and commands, implicit FTPS for files.
// Owns the protocol conversation (pushall/get_version on connect, delta merging, watchdog,
// command verification, Developer Mode detection); reconnect timing, circuit breaking and
// change-only events come from core.
import type {
  AdapterContext,
  AdapterHealth,
  AdapterLogger,
  ConnectionPolicy,
  DownloadedFile,
  PrinterAdapter,
  ReconnectResult,
  TestConnectionResult,
} from "../core/adapter";
import { defaultConnectionPolicy, silentLogger } from "../core/adapter";
import type { StartPrintRequest, UploadedFile, UploadRequest } from "../core/print-start";
import type { CameraHandler, CameraStream } from "../core/camera";
import { ChangePublisher } from "../core/change-publisher";
import { ConnectionManager } from "../core/connection-manager";
import {
  PrinterConflictError,
  PrinterConnectionError,
  PrinterDeveloperModeError,
  PrinterIntegrationError,
  PrinterProtocolError,
  PrinterTimeoutError,
} from "../core/errors";
import type { Job, PrinterIdentity, PrinterStatus, RemoteFile } from "../core/model";
import { lenientParse } from "../core/lenient-parse";
import { ProtocolProblems } from "../core/protocol-problems";
import { JsonDepthError, rawPayloadLimits, sanitizeJson } from "../core/sanitize";
import { sanitizeFiles } from "../core/sanitize-status";
import { deadlineSignal } from "../core/timeouts";
import { normalizeFingerprint, type TrustSettings } from "./bambu-certificate";
import { defaultBambuTimings, type BambuConfig, type BambuTimings } from "./bambu-config";
import { BambuFtps } from "./bambu-ftps";
import { fetchPlateThumbnail } from "./bambu-thumbnail";
import { DEVELOPER_MODE_HMS, isCancelPrintError } from "./bambu-hms";
import { mergeReport } from "./bambu-merge";
import { bambuModelFacts, recognizeModel } from "./bambu-models";
import { BambuMqttSession } from "./bambu-mqtt-session";
import { openBambuCamera } from "./camera/open-camera";
import { startFailure, startRefusal, startRequest } from "./bambu-start";
import { remoteSize, uploadToSd } from "./bambu-upload";
import {
  activeHmsCodes,
  developerModeOff,
  familyOf,
  normalizeIdentity,
  normalizeStatus,
} from "./bambu-normalize";
import {
  BambuMessageSchema,
  decodePayload,
  type BambuMessage,
  type BambuPrint,
  type BambuVersionModule,
} from "./bambu-schemas";

export interface BambuAdapterContext extends AdapterContext<BambuConfig> {
  timings?: Partial<BambuTimings>;
}

/** 1 silent, 2 standard, 3 sport, 4 ludicrous. */
export type BambuSpeedLevel = 1 | 2 | 3 | 4;

const DEVELOPER_MODE_HELP =
  "Enable LAN Only mode and Developer Mode on the printer (Settings → Network) to allow remote control; status keeps working without it.";
const ACTIVE_STATES = new Set(["RUNNING", "PAUSE", "PREPARE", "SLICING"]);

interface WriteRules {
  /** Refuses before sending (PrinterConflictError with these words). */
  precondition?: (p: BambuPrint) => string | undefined;
  /** The report shows the command took effect. */
  effect: (p: BambuPrint) => boolean;
  /** The report shows the printer refused. */
  failure?: (p: BambuPrint) => Error | undefined;
  /** An ack with result "success" counts as done. */
  replySuccess?: boolean;
  /** Default: the command timeout. */
  timeoutMs?: number;
  /** No effect and no answer in time; default: a Developer Mode error (the write was dropped). */
  silence?: () => Error;
}

interface Waiter {
  check(): Error | true | undefined;
  settle(result: Error | true): void;
}

export class BambuAdapter implements PrinterAdapter {
  readonly kind = "bambu" as const;
  readonly printerId: string;
  private readonly config: BambuConfig;
  private readonly timings: BambuTimings;
  private readonly policy: ConnectionPolicy;
  private readonly logger: AdapterLogger;
  private readonly publisher: ChangePublisher;
  private readonly manager: ConnectionManager;
  private readonly ftps: BambuFtps;
  private session: BambuMqttSession | undefined;
  private print: BambuPrint | undefined;
  private modules: BambuVersionModule[] | undefined;
  /** Pinned fingerprint: from config, or learned on the first connection (trust on first use). */
  private pinned: string | undefined;
  private sequence = 0;
  private lastReportAt = 0;
  private pushStartSentAt: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private pushallTimer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly replies = new Map<string, { result?: string | undefined; reason?: string | undefined }>();
  private cancelledJobId: string | undefined;
  private readonly problems: ProtocolProblems;

  constructor(context: BambuAdapterContext) {
    this.printerId = context.printerId;
    this.config = context.config;
    this.timings = { ...defaultBambuTimings, ...context.timings };
    this.policy = { ...defaultConnectionPolicy, ...context.policy };
    this.logger = context.logger ?? silentLogger;
    this.pinned = context.config.certificateFingerprint
      ? normalizeFingerprint(context.config.certificateFingerprint)
      : undefined;
    this.publisher = new ChangePublisher(context.printerId, context.events);
    this.manager = new ConnectionManager(
      { open: (signal) => this.open(signal), close: () => this.closeSession() },
      {
        policy: this.policy,
        publisher: this.publisher,
        logger: this.logger,
        target: { host: this.config.host, credential: "access code" },
      },
    );
    this.problems = new ProtocolProblems(this.publisher, this.logger, {
      onProblem: (message) => this.manager.recordProblem("protocol", message),
    });
    this.ftps = new BambuFtps({
      host: this.config.host,
      port: this.config.ftpPort,
      accessCode: this.config.accessCode,
      trust: () => this.trust(),
      timeoutMs: this.policy.requestTimeoutMs,
      printerId: this.printerId,
    });
  }

  connect(signal?: AbortSignal): Promise<void> {
    return this.manager.start(signal);
  }

  async disconnect(): Promise<void> {
    await this.manager.stop();
    await this.closeSession();
  }

  isHealthy(): boolean {
    return this.manager.isHealthy();
  }

  health(): AdapterHealth {
    return this.manager.health();
  }

  reconnectNow(signal?: AbortSignal): Promise<ReconnectResult> {
    return this.manager.reconnectNow(signal);
  }

  /** The certificate fingerprint trusted for this printer (config, or learned on first connect). */
  get certificateFingerprint(): string | undefined {
    return this.pinned;
  }

  async getStatus(): Promise<PrinterStatus> {
    const status = this.publisher.lastStatus;
    if (!this.session?.open || !status)
      throw new PrinterConnectionError("not connected to the printer (no report yet)", {
        meta: { printerId: this.printerId },
      });
    return status;
  }

  async getCurrentJob(): Promise<Job | undefined> {
    return (await this.getStatus()).job;
  }

  listFiles(signal?: AbortSignal): Promise<RemoteFile[]> {
    return this.manager.call(
      async (s) => sanitizeFiles(await this.ftps.list(s)),
      signal,
      this.policy.requestTimeoutMs * 3,
    );
  }

  /** Streams a file from the SD card (`RemoteFile.path`, e.g. "/cache/benchy.3mf"). */
  downloadFile(path: string, signal?: AbortSignal): Promise<DownloadedFile> {
    // Only the connection setup is under the request deadline; the transfer itself may take long.
    return this.manager.call((setup) => this.ftps.download(path, setup, signal), signal);
  }

  /**
   * The plate PNG of a job's or listed file's 3MF (`thumbnailRef`), fetched over FTPS; undefined
   * when the 3MF is not on the SD card. Outside the connection manager: a missing or corrupt 3MF
   * says nothing about the printer's connection.
   */
  getThumbnail(ref: string, signal?: AbortSignal): Promise<DownloadedFile | undefined> {
    return fetchPlateThumbnail(this.ftps, ref, signal);
  }

  /** Streams a file into the SD root (name cleaned to what the card takes); resolves once SIZE confirms it. */
  uploadFile(request: UploadRequest): Promise<UploadedFile> {
    return uploadToSd(this.ftps, request, {
      finalReplyMs: this.timings.uploadFinalReplyMs,
      connectTimeoutMs: this.policy.requestTimeoutMs,
      printerId: this.printerId,
    });
  }

  hasFile(path: string, size: number, signal?: AbortSignal): Promise<boolean> {
    return this.manager.call(async (s) => (await remoteSize(this.ftps, path, s)) === size, signal);
  }

  /** `project_file` (3MF) or `gcode_file`, only to an idle printer; waits for PREPARE/RUNNING or the ack. */
  startPrint(request: StartPrintRequest): Promise<void> {
    const { serial, model: configured } = this.config;
    const facts = bambuModelFacts(recognizeModel({ modules: this.modules, serial, configured }));
    const body = startRequest({
      name: request.path.replace(/^\/+/, ""),
      plate: request.plate,
      jobName: request.jobName,
      options: request.options,
      projectUrl: facts?.projectUrl ?? "ftp:///",
    });
    const errorBefore = this.print?.print_error;
    return this.write("start", { print: body }, request.signal, {
      precondition: startRefusal,
      effect: (p) => p.gcode_state === "PREPARE" || p.gcode_state === "RUNNING",
      replySuccess: true,
      failure: (p) => startFailure(p, errorBefore, { printerId: this.printerId, command: "start" }),
      timeoutMs: this.timings.startConfirmMs,
      silence: () => new PrinterTimeoutError("The printer did not confirm the start; check its screen."),
    });
  }

  pauseJob(signal?: AbortSignal): Promise<void> {
    return this.write("pause", { print: { command: "pause", param: "" } }, signal, {
      precondition: (p) =>
        p.gcode_state === "RUNNING" || p.gcode_state === "PREPARE"
          ? undefined
          : `cannot pause: the printer is ${p.gcode_state ?? "not printing"}`,
      effect: (p) => p.gcode_state === "PAUSE",
    });
  }

  resumeJob(signal?: AbortSignal): Promise<void> {
    return this.write("resume", { print: { command: "resume", param: "" } }, signal, {
      precondition: (p) =>
        p.gcode_state === "PAUSE"
          ? undefined
          : `cannot resume: the printer is ${p.gcode_state ?? "not paused"}`,
      effect: (p) => p.gcode_state === "RUNNING" || p.gcode_state === "PREPARE",
    });
  }

  async cancelJob(signal?: AbortSignal): Promise<void> {
    const job = this.publisher.lastStatus?.job;
    await this.write("stop", { print: { command: "stop", param: "" } }, signal, {
      precondition: (p) =>
        ACTIVE_STATES.has(p.gcode_state ?? "")
          ? undefined
          : `cannot cancel: the printer is ${p.gcode_state ?? "idle"}`,
      effect: (p) => !ACTIVE_STATES.has(p.gcode_state ?? ""),
    });
    if (job) this.cancelledJobId = job.id;
    this.publisher.publish({ type: "job_cancel_requested", ...(job ? { jobId: job.id } : {}) });
  }

  setPrintSpeed(level: BambuSpeedLevel, signal?: AbortSignal): Promise<void> {
    return this.write("print_speed", { print: { command: "print_speed", param: String(level) } }, signal, {
      precondition: (p) =>
        p.gcode_state === "RUNNING" || p.gcode_state === "PAUSE" || p.gcode_state === "PREPARE"
          ? undefined
          : "the print speed can only be changed while printing",
      effect: (p) => p.spd_lvl === level,
    });
  }

  setChamberLight(on: boolean, signal?: AbortSignal): Promise<void> {
    const mode = on ? "on" : "off";
    return this.write(
      "ledctrl",
      {
        system: {
          command: "ledctrl",
          led_node: "chamber_light",
          led_mode: mode,
          led_on_time: 500,
          led_off_time: 500,
          loop_times: 0,
          interval_time: 0,
        },
      },
      signal,
      { effect: (p) => p.lights_report?.find((l) => l.node === "chamber_light")?.mode === mode },
    );
  }

  /**
   * The printer's camera by its model's kind: P1/A1 JPEG frames on `cameraPort` (6000), X1/H2/P2
   * RTSPS on `rtspPort` (322) through ffmpeg. One upstream, retried until closed (camera/open-camera.ts).
   */
  openCamera(handler: CameraHandler): CameraStream {
    return openBambuCamera(handler, {
      config: this.config,
      timings: this.timings,
      connectTimeoutMs: this.policy.requestTimeoutMs,
      trust: () => this.trust(),
      model: () =>
        recognizeModel({ modules: this.modules, serial: this.config.serial, configured: this.config.model }),
      liveView: () => this.publisher.lastStatus?.camera?.liveView ?? "unknown",
      logger: this.logger,
    });
  }

  async testConnection(signal?: AbortSignal): Promise<TestConnectionResult> {
    // Connected already: answer from the live session (never open a second MQTT connection).
    if (this.session?.open && this.print)
      return { ok: true, identity: this.identity(this.session.fingerprint) };
    const deadline = deadlineSignal(this.policy.requestTimeoutMs * 2, signal);
    let presented: string | undefined;
    try {
      const identity = await this.open(deadline, true);
      return { ok: true, identity };
    } catch (error) {
      if (error instanceof PrinterIntegrationError && typeof error.meta.presentedFingerprint === "string")
        presented = error.meta.presentedFingerprint;
      return toTestResult(error, presented);
    } finally {
      if (!this.manager.health().connected) await this.closeSession();
    }
  }

  // ---- connection driver ----------------------------------------------------------------------

  private trust(): TrustSettings {
    return {
      serial: this.config.serial,
      pinned: this.pinned,
      caBundle: this.config.caBundle,
      printerId: this.printerId,
    };
  }

  private async open(signal: AbortSignal, probeOnly = false): Promise<PrinterIdentity> {
    await this.closeSession();
    this.print = undefined;
    const session = await BambuMqttSession.open({
      host: this.config.host,
      port: this.config.mqttPort,
      accessCode: this.config.accessCode,
      trust: this.trust(),
      keepaliveSeconds: this.timings.keepaliveSeconds,
      signal,
      // Topic and header on top of the report itself.
      maxPacketBytes: this.timings.maxReportBytes + 1_024,
      onOversize: (bytes) =>
        this.problems.report(
          `report of ${bytes} bytes exceeds the limit of ${this.timings.maxReportBytes} bytes; skipped unread`,
          undefined,
          "oversize",
        ),
      onMessage: (payload) => this.onMessage(payload),
      onLost: (error) => {
        if (this.session === session) this.manager.reportLost(error);
      },
    });
    this.session = session;
    // Trust on first use: a printer added without a fingerprint is pinned to the first one seen.
    this.pinned ??= session.fingerprint;
    await session.publish({
      pushing: { sequence_id: this.nextSequence(), command: "pushall", version: 1, push_target: 1 },
    });
    await session.publish({ info: { sequence_id: this.nextSequence(), command: "get_version" } });
    await this.until(
      () => (this.print ? true : undefined),
      signal,
      "the printer sent no report after pushall",
    );
    // get_version usually answers at once; a firmware that does not answer must not block the connection.
    await this.until(
      () => (this.modules ? true : undefined),
      deadlineSignal(Math.min(3_000, this.policy.requestTimeoutMs), signal),
      "",
    ).catch(() => undefined);
    if (!probeOnly) this.startTimers();
    return this.identity(session.fingerprint);
  }

  private identity(fingerprint: string): PrinterIdentity {
    return normalizeIdentity(this.modules, this.config.serial, fingerprint);
  }

  private async closeSession(): Promise<void> {
    clearInterval(this.watchdog);
    clearInterval(this.pushallTimer);
    this.watchdog = undefined;
    this.pushallTimer = undefined;
    const session = this.session;
    this.session = undefined;
    for (const waiter of this.waiters)
      waiter.settle(new PrinterConnectionError("the connection to the printer closed"));
    this.waiters.clear();
    await session?.close();
  }

  private startTimers(): void {
    this.lastReportAt = Date.now();
    this.pushStartSentAt = undefined;
    const period = Math.max(50, Math.floor(this.timings.watchdogMs / 4));
    this.watchdog = setInterval(() => this.checkWatchdog(), period);
    if (this.family() === "p1a1") {
      // P1/A1 only send deltas; a periodic full report repairs anything a lost delta left stale.
      this.pushallTimer = setInterval(() => {
        this.session
          ?.publish({
            pushing: { sequence_id: this.nextSequence(), command: "pushall", version: 1, push_target: 1 },
          })
          .catch(() => undefined);
      }, this.timings.pushallIntervalMs);
    }
  }

  // The P1 firmware stall: the broker stops publishing while the socket stays up. First ask it
  // to start pushing again; if it stays silent, drop the connection and let core reconnect.
  private checkWatchdog(): void {
    const session = this.session;
    if (!session?.open) return;
    const now = Date.now();
    if (now - this.lastReportAt < this.timings.watchdogMs) return;
    if (this.pushStartSentAt === undefined) {
      this.pushStartSentAt = now;
      this.logger.warn(
        { silentMs: now - this.lastReportAt },
        "no report from the printer; sending pushing.start",
      );
      session
        .publish({ pushing: { sequence_id: this.nextSequence(), command: "start" } })
        .catch(() => undefined);
      return;
    }
    if (now - this.pushStartSentAt >= this.timings.watchdogMs) {
      this.pushStartSentAt = undefined;
      this.manager.reportLost(
        new PrinterTimeoutError(
          `no report from the printer for ${Math.round((now - this.lastReportAt) / 1000)} s`,
        ),
      );
    }
  }

  private family() {
    const { serial, model } = this.config;
    return familyOf(recognizeModel({ modules: this.modules, serial, configured: model }), this.modules);
  }

  private nextSequence(): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return String(this.sequence);
  }

  // ---- incoming messages ------------------------------------------------------------------------

  // Called by MQTT.js for every report: nothing may throw out of here (it would be an uncaught
  // exception in the worker). A payload that cannot be used is reported and skipped.
  private onMessage(payload: Buffer): void {
    try {
      this.handleMessage(payload);
    } catch (error) {
      this.problems.report(
        `report could not be processed: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        "processing",
      );
    }
  }

  private handleMessage(payload: Buffer): void {
    let message;
    try {
      message = this.decode(payload);
    } catch (error) {
      const text =
        error instanceof PrinterProtocolError
          ? error.message
          : `report is not JSON: ${error instanceof Error ? error.message : String(error)}`;
      // A bad payload must not take the printer offline: report it (rate limited) and carry on.
      this.problems.report(text, error instanceof PrinterProtocolError ? error.meta.issues : undefined);
      return;
    }
    this.problems.clear();
    this.manager.touch();
    if (message.info?.command === "get_version" && message.info.module) {
      this.modules = message.info.module;
      // The firmware version lives only in get_version: refresh the status it belongs to.
      if (this.print) this.publishStatus();
    }
    for (const namespace of ["print", "system", "info", "pushing"] as const) {
      const body = message[namespace];
      if (body?.command && body.command !== "push_status" && body.sequence_id !== undefined)
        this.replies.set(String(body.sequence_id), { result: body.result, reason: body.reason });
    }
    const print = message.print;
    // Command replies echo the request inside `print`; treating them as status would clobber fields.
    if (print && (print.command === "push_status" || print.command === undefined)) this.onReport(print);
    this.checkWaiters();
  }

  private onReport(report: BambuPrint): void {
    this.lastReportAt = Date.now();
    this.pushStartSentAt = undefined;
    const { command: _command, msg, sequence_id: _sequence, ...fields } = report;
    // msg 1 = delta. Some firmwares omit `msg`; a small object then is a delta too.
    const isDelta =
      msg === 1 || (msg === undefined && this.print !== undefined && Object.keys(fields).length < 40);
    this.print = isDelta && this.print ? mergeReport(this.print, fields) : fields;
    this.publishStatus();
  }

  private publishStatus(): void {
    const print = this.print!;
    const status = normalizeStatus(print, {
      at: new Date(),
      modules: this.modules,
      model: this.config.model,
      serial: this.config.serial,
      cancelledJobId: this.cancelledJobId,
    });
    if (isCancelPrintError(print.print_error) && status.job) this.cancelledJobId = status.job.id;
    this.publisher.update(status);
  }

  /**
   * Size first (before any parsing), then JSON, then the bounds of core/sanitize (depth before
   * any recursive walk, NUL/surrogates, lengths), then the schema.
   */
  private decode(payload: Buffer) {
    if (payload.length > this.timings.maxReportBytes) {
      throw new PrinterProtocolError(
        `report of ${payload.length} bytes exceeds the limit of ${this.timings.maxReportBytes} bytes; skipped`,
        { meta: { printerId: this.printerId } },
      );
    }
    let value: unknown;
    try {
      value = sanitizeJson(decodePayload(payload), rawPayloadLimits);
    } catch (error) {
      if (error instanceof JsonDepthError)
        throw new PrinterProtocolError(`report ${error.message}; skipped`, {
          meta: { printerId: this.printerId },
        });
      throw error;
    }
    return this.parse(value);
  }

  /**
   * Field by field: a field of an unexpected shape is dropped with a (rate-limited) warning and the
   * rest of the report is used. A top-level `print` field dropped from a full report keeps its last
   * value, as if the report had not mentioned it, so one bad `gcode_state` cannot end a job.
   */
  private parse(value: unknown): BambuMessage {
    const result = lenientParse(BambuMessageSchema, value);
    if (!result.ok)
      throw new PrinterProtocolError(`unexpected report payload (${result.issues.join("; ")})`, {
        meta: { printerId: this.printerId, issues: result.issues },
      });
    if (result.warnings.length === 0) return result.data;
    this.problems.warn(result.warnings);
    const print = result.data.print;
    if (print && this.print) {
      for (const { dropped } of result.warnings) {
        const key = /^print\.(\w+)$/.exec(dropped)?.[1] as keyof BambuPrint | undefined;
        if (key && !(key in print) && key in this.print) Object.assign(print, { [key]: this.print[key] });
      }
    }
    return result.data;
  }

  // ---- commands ---------------------------------------------------------------------------------

  /**
   * Sends a write and waits until the report shows its effect. Printers with LAN Developer Mode
   * off drop writes silently (X1/H2 flag it in `fun`, all raise HMS 0500_0500_0001_0007 on some
   * firmware), so no effect within the command timeout is reported as a Developer Mode problem.
   */
  private write(
    name: string,
    request: Record<string, Record<string, unknown>>,
    signal: AbortSignal | undefined,
    rules: WriteRules,
  ): Promise<void> {
    const timeoutMs = rules.timeoutMs ?? this.timings.commandTimeoutMs;
    return this.manager.call(
      async (s) => {
        const session = this.session;
        const before = this.print;
        if (!session?.open || !before)
          throw new PrinterConnectionError("not connected to the printer", {
            meta: { printerId: this.printerId },
          });
        const refused = rules.precondition?.(before);
        if (refused)
          throw new PrinterConflictError(refused, { meta: { printerId: this.printerId, command: name } });
        if (developerModeOff(before))
          throw new PrinterDeveloperModeError(
            `the printer ignores "${name}": LAN Developer Mode is off. ${DEVELOPER_MODE_HELP}`,
            { meta: { printerId: this.printerId, command: name, detectedBy: "fun" } },
          );
        const hmsBefore = activeHmsCodes(before).includes(DEVELOPER_MODE_HMS);
        const sequence = this.nextSequence();
        const [namespace, body] = Object.entries(request)[0]!;
        const developerModeError = (detectedBy: string) =>
          new PrinterDeveloperModeError(
            `the printer did not carry out "${name}": LAN Developer Mode appears to be off. ${DEVELOPER_MODE_HELP}`,
            { meta: { printerId: this.printerId, command: name, detectedBy } },
          );
        const outcome = this.until(
          () => {
            const print = this.print!;
            const reply = this.replies.get(sequence);
            if (rules.replySuccess && reply?.result?.toLowerCase() === "success") return true;
            if (reply && reply.result !== undefined && reply.result.toLowerCase() !== "success") {
              if (/verify|not authorized/i.test(reply.reason ?? "")) return developerModeError("reply");
              return new PrinterConflictError(
                `the printer refused "${name}": ${reply.reason ?? reply.result}`,
                { meta: { printerId: this.printerId, command: name } },
              );
            }
            if (rules.effect(print)) return true;
            const failed = rules.failure?.(print);
            if (failed) return failed;
            if (!hmsBefore && activeHmsCodes(print).includes(DEVELOPER_MODE_HMS))
              return developerModeError("hms");
            if (developerModeOff(print)) return developerModeError("fun");
            return undefined;
          },
          AbortSignal.any([s, AbortSignal.timeout(timeoutMs)]),
          "",
        ).catch((error: unknown) => {
          // Our own command timeout (not the caller's abort): the write was silently dropped.
          if (error instanceof PrinterTimeoutError && !s.aborted)
            throw rules.silence?.() ?? developerModeError("timeout");
          throw error;
        });
        outcome.catch(() => undefined); // handled below; may settle while the publish is in flight
        await session.publish({ [namespace!]: { sequence_id: sequence, ...body } });
        try {
          await outcome;
        } finally {
          this.replies.delete(sequence);
        }
      },
      signal,
      timeoutMs + this.policy.requestTimeoutMs,
    );
  }

  /** Resolves when `check` returns true, rejects with the Error it returns, or when `signal` aborts. */
  private until(check: () => Error | true | undefined, signal: AbortSignal, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const first = check();
      if (first === true) return resolve();
      if (first instanceof Error) return reject(first);
      const onAbort = () =>
        waiter.settle(new PrinterTimeoutError(what || "timed out", { cause: signal.reason }));
      const waiter: Waiter = {
        check,
        settle: (result) => {
          this.waiters.delete(waiter);
          signal.removeEventListener("abort", onAbort);
          if (result === true) resolve();
          else reject(result);
        },
      };
      if (signal.aborted) return onAbort();
      this.waiters.add(waiter);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private checkWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const result = waiter.check();
      if (result !== undefined) waiter.settle(result);
    }
  }
}

export function toTestResult(error: unknown, certificateFingerprint?: string): TestConnectionResult {
  const message = error instanceof Error ? error.message : String(error);
  const fingerprint = certificateFingerprint ? { certificateFingerprint } : {};
  if (!(error instanceof PrinterIntegrationError))
    return { ok: false, reason: "unreachable", message, ...fingerprint };
  switch (error.kind) {
    case "authentication":
      return { ok: false, reason: "authorization", message, ...fingerprint };
    case "certificate":
      return { ok: false, reason: "certificate", message, ...fingerprint };
    case "timeout":
      return { ok: false, reason: "timeout", message, ...fingerprint };
    case "protocol":
    case "mqtt":
      return { ok: false, reason: "protocol", message, ...fingerprint };
    default:
      return { ok: false, reason: "unreachable", message, ...fingerprint };
  }
}
