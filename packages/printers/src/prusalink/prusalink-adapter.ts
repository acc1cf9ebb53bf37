// The PrusaLink adapter (Buddy firmware and Raspberry Pi Prusa-Link). v1 API first; printers that
// report a legacy API version get the OctoPrint-style endpoints. Connection timing, circuit
// breaking and change-only events come from core; this file owns the protocol conversation.
import type { Readable } from "node:stream";
import type { z } from "zod";
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
import { ChangePublisher } from "../core/change-publisher";
import { ConnectionManager } from "../core/connection-manager";
import {
  PrinterConflictError,
  PrinterDownloadError,
  PrinterHttpError,
  PrinterIntegrationError,
  PrinterProtocolError,
  PrinterUnsupportedError,
} from "../core/errors";
import type { Job, PrinterIdentity, PrinterStatus, RemoteFile } from "../core/model";
import { lenientParse } from "../core/lenient-parse";
import { ProtocolProblems } from "../core/protocol-problems";
import { sanitizeFiles, sanitizeJob, sanitizeStatus } from "../core/sanitize-status";
import { deadlineSignal } from "../core/timeouts";
import type { PrusaLinkConfig } from "./prusalink-config";
import { PrusaLinkFiles } from "./prusalink-files";
import { PrusaLinkHttp, headerValue } from "./prusalink-http";
import {
  inconsistency,
  jobFilePath,
  normalizeIdentity,
  normalizeJob,
  normalizeStatus,
} from "./prusalink-normalize";
import { normalizeLegacyStatus } from "./prusalink-legacy";
import {
  InfoSchema,
  JobSchema,
  LegacyJobSchema,
  LegacyPrinterSchema,
  StatusSchema,
  StorageSchema,
  VersionSchema,
} from "./prusalink-schemas";
import type { JobPayload } from "./prusalink-schemas";
import { selectApi, type PrusaLinkApi } from "./prusalink-version";
import { hasFileOn, uploadLegacy, uploadV1 } from "./prusalink-upload";
import { startPrintOn } from "./prusalink-start";

export class PrusaLinkAdapter implements PrinterAdapter {
  readonly kind = "prusalink" as const;
  readonly printerId: string;
  private readonly http: PrusaLinkHttp;
  private readonly files: PrusaLinkFiles;
  private readonly publisher: ChangePublisher;
  private readonly manager: ConnectionManager;
  private readonly logger: AdapterLogger;
  private readonly policy: ConnectionPolicy;
  private api: PrusaLinkApi | undefined;
  private lastJob: Job | undefined;
  private nozzleDiameter: number | undefined;
  private storageSegment: string | undefined;
  private currentJobFile: string | undefined;
  private readonly problems: ProtocolProblems;

  constructor(context: AdapterContext<PrusaLinkConfig>) {
    const { config } = context;
    this.printerId = context.printerId;
    this.logger = context.logger ?? silentLogger;
    this.policy = { ...defaultConnectionPolicy, ...context.policy };
    this.http = new PrusaLinkHttp({
      host: config.host,
      port: config.port,
      username: config.username,
      password: config.password,
      apiKey: config.apiKey,
      timeoutMs: this.policy.requestTimeoutMs,
      printerId: context.printerId,
    });
    this.files = new PrusaLinkFiles(this.http, (schema, value, what) => this.parse(schema, value, what));
    this.publisher = new ChangePublisher(context.printerId, context.events);
    this.manager = new ConnectionManager(
      {
        open: (signal) => this.open(signal),
        poll: (signal) => this.poll(signal),
        close: () => this.http.reset(),
      },
      {
        policy: this.policy,
        publisher: this.publisher,
        logger: this.logger,
        target: { host: config.host, credential: config.password ? "password" : "API key" },
        pollIntervalMs: config.pollIntervalMs ?? 3_000,
      },
    );
    this.problems = new ProtocolProblems(this.publisher, this.logger, {
      onProblem: (message) => this.manager.recordProblem("protocol", message),
    });
  }

  connect(signal?: AbortSignal): Promise<void> {
    return this.manager.start(signal);
  }

  async disconnect(): Promise<void> {
    await this.manager.stop();
    await this.http.reset();
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

  getStatus(signal?: AbortSignal): Promise<PrinterStatus> {
    return this.manager.call(async (s) => (await this.fetchStatus(s)).status, signal);
  }

  getCurrentJob(signal?: AbortSignal): Promise<Job | undefined> {
    return this.manager.call(async (s) => {
      const api = await this.ensureApi(s);
      if (api === "legacy") return (await this.fetchStatus(s)).status.job;
      const job = await this.fetchJob(s);
      return job ? sanitizeJob(normalizeJob(job)) : undefined;
    }, signal);
  }

  listFiles(signal?: AbortSignal): Promise<RemoteFile[]> {
    return this.manager.call(
      async (s) =>
        sanitizeFiles(
          (await this.ensureApi(s)) === "legacy" ? await this.files.listLegacy(s) : await this.files.list(s),
        ),
      signal,
      this.policy.requestTimeoutMs * 3,
    );
  }

  /** Streams a file; `path` is a RemoteFile.path ("/usb/BENCHY~1.BGC") or a download ref. */
  async downloadFile(path: string, signal?: AbortSignal): Promise<DownloadedFile> {
    const ref = await this.manager.call((s) => this.files.downloadRef(path, s), signal);
    return this.stream(
      ref,
      path,
      signal,
      (status) =>
        new PrinterDownloadError(`download of ${path} failed (HTTP ${status})`, {
          meta: { printerId: this.printerId, path, status },
        }),
    );
  }

  async getThumbnail(ref: string, signal?: AbortSignal): Promise<DownloadedFile | undefined> {
    try {
      return await this.stream(ref, ref, signal);
    } catch (error) {
      // No preview in the file: Buddy answers 404 "File doesn't contain preview".
      if (error instanceof PrinterHttpError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Streams a file onto the printer (v1 PUT, or the legacy multipart POST); not bound to one request's deadline. */
  async uploadFile(request: UploadRequest): Promise<UploadedFile> {
    const deps = { http: this.http, parse: this.parse.bind(this), printerId: this.printerId };
    const { api, storage } = await this.manager.call(async (s) => {
      const current = await this.ensureApi(s);
      return { api: current, storage: current === "v1" ? await this.uploadStorage(s) : undefined };
    }, request.signal);
    const uploaded = storage ? await uploadV1(deps, storage, request) : await uploadLegacy(deps, request);
    this.manager.touch();
    this.logger.info(
      { printerId: this.printerId, api, path: uploaded.path, size: uploaded.size },
      "file uploaded to the printer",
    );
    return uploaded;
  }

  hasFile(path: string, size: number, signal?: AbortSignal): Promise<boolean> {
    return this.manager.call(
      async (s) => hasFileOn(this.http, this.parse.bind(this), await this.ensureApi(s), path, size, s),
      signal,
    );
  }

  async startPrint(request: StartPrintRequest): Promise<void> {
    const api = await this.manager.call((s) => this.ensureApi(s), request.signal);
    await startPrintOn(
      {
        http: this.http,
        printerId: this.printerId,
        api,
        fetchStatus: async (signal) => {
          const { status } = await this.manager.call((s) => this.fetchStatus(s), signal);
          this.publisher.update(status);
          return { status, jobFile: api === "v1" ? this.currentJobFile : status.job?.id };
        },
      },
      request,
    );
  }

  /** The storage uploads go to: the first writable one the printer lists ("usb" on Buddy, "local" on a Pi). */
  private async uploadStorage(signal: AbortSignal): Promise<string> {
    if (this.storageSegment) return this.storageSegment;
    const { storage_list } = this.parse(
      StorageSchema,
      (await this.http.getJson("/api/v1/storage", signal)).json,
      "/api/v1/storage",
    );
    const writable = storage_list.find(
      (entry) => entry.available !== false && entry.read_only !== true && entry.ro !== true,
    );
    const segment = writable?.path.replaceAll("/", "");
    if (!segment)
      throw new PrinterConflictError(
        "The printer has no storage to upload to: put a USB stick into the printer and try again.",
        { meta: { printerId: this.printerId } },
      );
    this.storageSegment = segment;
    return segment;
  }

  pauseJob(signal?: AbortSignal): Promise<void> {
    return this.command("pause", signal);
  }

  resumeJob(signal?: AbortSignal): Promise<void> {
    return this.command("resume", signal);
  }

  async cancelJob(signal?: AbortSignal): Promise<void> {
    await this.command("stop", signal);
    this.publisher.publish({
      type: "job_cancel_requested",
      ...(this.lastJob ? { jobId: this.lastJob.id } : {}),
    });
  }

  async testConnection(signal?: AbortSignal): Promise<TestConnectionResult> {
    const deadline = deadlineSignal(this.policy.requestTimeoutMs * 2, signal);
    try {
      const identity = await this.open(deadline);
      if (this.api === "v1") await this.fetchStatus(deadline);
      return { ok: true, identity };
    } catch (error) {
      return toTestResult(error);
    } finally {
      if (!this.manager.health().connected) await this.http.reset();
    }
  }

  // ---- connection driver ------------------------------------------------------------------------

  private async open(signal: AbortSignal): Promise<PrinterIdentity> {
    const version = this.parse(
      VersionSchema,
      (await this.http.getJson("/api/version", signal)).json,
      "/api/version",
    );
    const api = selectApi(version);
    if (api === "unsupported") {
      throw new PrinterUnsupportedError(
        `PrusaLink API ${version.api ?? "(none)"} is not supported (need 2.0.0, or a legacy 0.9+ API)`,
        { meta: { printerId: this.printerId, api: version.api } },
      );
    }
    this.api = api;
    const info =
      api === "v1"
        ? this.parse(InfoSchema, (await this.http.getJson("/api/v1/info", signal)).json, "/api/v1/info")
        : undefined;
    this.nozzleDiameter = info?.nozzle_diameter ?? version.nozzle_diameter;
    return normalizeIdentity(version, info);
  }

  private async poll(signal: AbortSignal): Promise<void> {
    let result: { status: PrinterStatus };
    try {
      result = await this.fetchStatus(signal);
    } catch (error) {
      if (error instanceof PrinterProtocolError) {
        // A bad or inconsistent answer is a problem of this poll, never a state change: report it
        // (rate limited) and keep the last good status, so a garbled poll cannot end a job.
        this.problems.report(error.message, error.meta.issues);
        return;
      }
      throw error;
    }
    this.problems.clear();
    this.publisher.update(result.status);
  }

  // ---- requests ---------------------------------------------------------------------------------

  private async ensureApi(signal: AbortSignal): Promise<PrusaLinkApi> {
    if (!this.api) await this.open(signal);
    return this.api!;
  }

  private async fetchStatus(signal: AbortSignal): Promise<{ status: PrinterStatus }> {
    const api = await this.ensureApi(signal);
    const at = new Date();
    if (api === "legacy") {
      const printer = this.parse(
        LegacyPrinterSchema,
        (await this.http.getJson("/api/printer", signal)).json,
        "/api/printer",
      );
      const job = this.parse(LegacyJobSchema, (await this.http.getJson("/api/job", signal)).json, "/api/job");
      const status = sanitizeStatus(this.withNozzle(normalizeLegacyStatus(printer, job, at, this.lastJob)));
      this.rememberJob(status.job, status.job?.id);
      return { status };
    }
    const statusPayload = this.parse(
      StatusSchema,
      (await this.http.getJson("/api/v1/status", signal)).json,
      "/api/v1/status",
    );
    // Status and job in one cycle: the job endpoint carries the names and refs the status lacks.
    const job = statusPayload.job || this.lastJob ? await this.fetchJob(signal) : undefined;
    const problem = inconsistency(statusPayload, job, this.lastJob);
    if (problem)
      throw new PrinterProtocolError(`inconsistent answer: ${problem}; poll skipped`, {
        meta: { printerId: this.printerId },
      });
    const status = sanitizeStatus(this.withNozzle(normalizeStatus(statusPayload, job, at, this.lastJob)));
    this.rememberJob(status.job, job ? jobFilePath(job) : undefined);
    return { status };
  }

  private withNozzle(status: PrinterStatus): PrinterStatus {
    return this.nozzleDiameter !== undefined ? { ...status, nozzleDiameter: this.nozzleDiameter } : status;
  }

  private rememberJob(job: Job | undefined, filePath: string | undefined): void {
    const active = job && (job.state === "PRINTING" || job.state === "PAUSED" || job.state === "PREPARING");
    this.lastJob = active ? job : undefined;
    if (filePath || !active) this.currentJobFile = active ? filePath : undefined;
  }

  private async fetchJob(signal: AbortSignal): Promise<JobPayload | undefined> {
    const { status, json } = await this.http.getJson("/api/v1/job", signal);
    // 204 is "no job"; some firmware answers 200 with an empty body or `{}` instead.
    if (status === 204 || json === undefined || isEmptyObject(json)) return undefined;
    return this.parse(JobSchema, json, "/api/v1/job");
  }

  private command(action: "pause" | "resume" | "stop", signal?: AbortSignal): Promise<void> {
    return this.manager.call(async (s) => {
      const api = await this.ensureApi(s);
      if (api === "legacy") return this.legacyCommand(action, s);
      const job = await this.fetchJob(s);
      if (!job)
        throw new PrinterConflictError(`cannot ${action}: the printer has no job`, {
          meta: { printerId: this.printerId },
        });
      const path = action === "stop" ? `/api/v1/job/${job.id}` : `/api/v1/job/${job.id}/${action}`;
      const result = await this.http.request(action === "stop" ? "DELETE" : "PUT", path, { signal: s });
      await result.body.dump();
    }, signal);
  }

  private async legacyCommand(action: "pause" | "resume" | "stop", signal: AbortSignal): Promise<void> {
    const body = action === "stop" ? { command: "cancel" } : { command: "pause", action };
    const result = await this.http.request("POST", "/api/job", {
      signal,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await result.body.dump();
  }

  private async stream(
    ref: string,
    label: string,
    signal: AbortSignal | undefined,
    onError?: (status: number) => PrinterIntegrationError,
  ): Promise<DownloadedFile> {
    // Not wrapped in the request deadline: a large file legitimately takes longer than one
    // request timeout. The pool's header and body (between-chunk) timeouts still apply.
    let result;
    try {
      result = await this.http.request("GET", ref, signal ? { signal } : {});
    } catch (error) {
      if (onError && error instanceof PrinterHttpError) throw onError(error.status);
      throw error;
    }
    this.manager.touch();
    const length = Number(headerValue(result.headers["content-length"]));
    const contentType = headerValue(result.headers["content-type"]);
    return {
      stream: result.body as Readable,
      ...(Number.isFinite(length) &&
      length >= 0 &&
      headerValue(result.headers["content-length"]) !== undefined
        ? { size: length }
        : {}),
      fileName: fileNameOf(label, headerValue(result.headers["content-disposition"])),
      ...(contentType ? { contentType } : {}),
    };
  }

  /** Field by field: a field of an unexpected shape is dropped with a (rate-limited) warning, the rest is used. */
  private parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
    const result = lenientParse(schema, value);
    if (!result.ok)
      throw new PrinterProtocolError(`${what}: unexpected payload (${result.issues.join("; ")})`, {
        meta: { printerId: this.printerId, issues: result.issues },
      });
    if (result.warnings.length > 0) this.problems.warn(result.warnings, what);
    return result.data;
  }

  /** The path of the file being printed (for callers that want to fetch it). */
  get currentJobFilePath(): string | undefined {
    return this.currentJobFile;
  }
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function fileNameOf(path: string, disposition: string | undefined): string {
  const match = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (match?.[1]) return decodeURIComponent(match[1]);
  const last = path.split("?")[0]!.split("/").filter(Boolean).pop() ?? "download";
  return decodeURIComponent(last.replace(/\/raw$/, ""));
}

export function toTestResult(error: unknown): TestConnectionResult {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PrinterIntegrationError)) return { ok: false, reason: "unreachable", message };
  switch (error.kind) {
    case "authentication":
      return { ok: false, reason: "authorization", message };
    case "timeout":
      return { ok: false, reason: "timeout", message };
    case "protocol":
    case "http":
    case "conflict":
      return { ok: false, reason: "protocol", message };
    case "unsupported":
      return { ok: false, reason: "unsupported_firmware", message };
    case "certificate":
      return { ok: false, reason: "certificate", message };
    default:
      return { ok: false, reason: "unreachable", message };
  }
}
