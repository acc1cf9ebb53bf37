// A simulated PrusaLink printer on a real HTTP server. Buddy firmware behaviour by default
// (MK4: port 80 semantics, Digest "Printer API", 8.3 names on a USB stick), or the Raspberry Pi
// Prusa-Link flavour (MD5-sess Digest, separate API key, `local` storage with real names).
// Tests drive it in-process: faults, password changes, going away and coming back, counters.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { SimHttpServer } from "../sim-http-server";
import type { ConnectionCounters } from "../sim-http-server";
import type { FaultSettings } from "../faults";
import { SimAuth } from "./sim-auth";
import { PrintEngine } from "./print-engine";
import { StorageTree } from "./storage-tree";
import { seedSampleFiles } from "./sample-files";
import { sendStatus } from "./sim-responses";
import { handleV1 } from "./routes-v1";
import { handleFiles, handleDownload, handleThumbnail } from "./routes-files";
import { handleLegacy } from "./routes-legacy";
import { ScriptedAnswers, type ScriptedAnswer } from "./scripted-answers";
import type {
  FileSelection,
  PrusaLinkFlavour,
  PrusaLinkSimulatorOptions,
  RouteContext,
  RoutedSimulator,
} from "./simulator-types";
import type { StorageNode } from "./storage-tree";
import { DEFAULT_UPLOAD_BYTES_PER_SECOND, type SimTransfer } from "./sim-transfer";

const ScriptedAnswerSchema = z.object({
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown(),
  contentType: z.string().optional(),
});
const PoisonRequestSchema = z.object({
  path: z.string().startsWith("/"),
  answers: z.union([z.array(ScriptedAnswerSchema).min(1), ScriptedAnswerSchema]),
  count: z.number().int().min(1).max(1_000_000).default(1),
});

export interface SimulatorDetails {
  kind: "prusalink";
  flavour: PrusaLinkFlavour;
  name: string;
  host: string;
  port: number;
  username: string;
  password: string;
  apiKey?: string;
  serial: string;
}

export class PrusaLinkSimulator implements RoutedSimulator {
  readonly flavour: PrusaLinkFlavour;
  readonly options: Required<Omit<PrusaLinkSimulatorOptions, "apiKey" | "firmware">> & {
    apiKey?: string;
    firmware?: string;
  };
  readonly storage: StorageTree;
  readonly engine: PrintEngine;
  readonly auth: SimAuth;
  /** The upload in progress: one at a time (Buddy). */
  transfer: SimTransfer | undefined;
  selection: FileSelection | undefined;
  private readonly http: SimHttpServer;
  private readonly scripted = new ScriptedAnswers();

  constructor(options: PrusaLinkSimulatorOptions = {}) {
    const flavour = options.flavour ?? "buddy";
    this.flavour = flavour;
    const model = (options.model ?? (flavour === "buddy" ? "MK4" : "MK3S")).toUpperCase();
    const serial =
      options.serial ??
      `SIM${Math.floor(Math.random() * 1e9)
        .toString()
        .padStart(9, "0")}`;
    this.options = {
      flavour,
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      name: options.name ?? `Simulated ${model}`,
      username: flavour === "buddy" ? "maker" : (options.username ?? "admin"),
      password: options.password ?? "sim-password",
      ...(flavour === "rpi" ? { apiKey: options.apiKey ?? "sim-api-key" } : {}),
      serial,
      hostname: options.hostname ?? `prusa-${model.toLowerCase().replaceAll(".", "")}`,
      timeScale: options.timeScale ?? 1,
      legacyApi: options.legacyApi ?? false,
      nonceValiditySeconds: options.nonceValiditySeconds ?? (flavour === "buddy" ? 300 : 60),
      seedFiles: options.seedFiles ?? true,
      uploadBytesPerSecond: options.uploadBytesPerSecond ?? DEFAULT_UPLOAD_BYTES_PER_SECOND,
      storageBytes: options.storageBytes ?? 16_000_000_000,
      model,
      ...(options.firmware ? { firmware: options.firmware } : {}),
    };
    this.storage = new StorageTree(flavour === "buddy" ? "usb" : "local", flavour === "buddy");
    if (this.options.seedFiles) seedSampleFiles(this.storage);
    this.engine = new PrintEngine(this.options.timeScale, 290);
    this.auth = new SimAuth({
      flavour,
      username: this.options.username,
      password: this.options.password,
      apiKey: this.options.apiKey,
      nonceValiditySeconds: this.options.nonceValiditySeconds,
    });
    this.http = new SimHttpServer(this.options.host, this.options.port, (req, res) => this.route(req, res));
  }

  async start(): Promise<this> {
    await this.http.listen();
    return this;
  }

  async stop(): Promise<void> {
    await this.http.close();
  }

  get name(): string {
    return this.options.name;
  }

  get host(): string {
    return this.http.address.host;
  }

  get port(): number {
    return this.http.address.port;
  }

  get origin(): string {
    return `http://${this.host}:${this.port}`;
  }

  details(): SimulatorDetails {
    return {
      kind: "prusalink",
      flavour: this.flavour,
      name: this.options.name,
      host: this.host,
      port: this.port,
      username: this.options.username,
      password: this.options.password,
      ...(this.options.apiKey ? { apiKey: this.options.apiKey } : {}),
      serial: this.options.serial,
    };
  }

  // ---- fault injection ----------------------------------------------------------------------

  /** Slow responses, hangs (timeouts), injected status codes (500s), dropped connections. */
  setFaults(patch: Partial<FaultSettings>): void {
    this.http.faults.set(patch);
  }

  clearFaults(): void {
    this.http.faults.clear();
  }

  get faults(): Readonly<FaultSettings> {
    return this.http.faults.current;
  }

  /**
   * The control endpoint's upload settings: `{ "bytesPerSecond": N }` (0 = unlimited) and/or
   * `{ "storageBytes": N }`, for the uploads that start from now on; throws on a bad or unknown field.
   */
  setUploadRequest(request: Record<string, unknown>): void {
    const fields = { bytesPerSecond: "uploadBytesPerSecond", storageBytes: "storageBytes" } as const;
    const patch: Partial<Record<(typeof fields)[keyof typeof fields], number>> = {};
    for (const [key, value] of Object.entries(request)) {
      if (!(key in fields)) throw new Error(`unknown upload setting: ${key}`);
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        throw new Error(`${key} must be a number ≥ 0`);
      patch[fields[key as keyof typeof fields]] = value;
    }
    Object.assign(this.options, patch);
  }

  /** Changes the printer's password, so clients holding the old one get 401s. */
  setPassword(password: string): void {
    this.options.password = password;
    this.auth.setPassword(password);
  }

  /** Destroys every open connection but keeps listening. */
  dropConnections(): void {
    this.http.dropConnections();
  }

  /** The printer disappears (switched off): listener closed, sockets destroyed. */
  async goAway(): Promise<void> {
    await this.http.close();
  }

  /** …and comes back on the same address and port, freshly booted (new nonce secret). */
  async comeBack(): Promise<void> {
    this.auth.reboot();
    await this.http.listen();
  }

  get online(): boolean {
    return this.http.running;
  }

  connections(): ConnectionCounters {
    return this.http.connections();
  }

  counters(): ConnectionCounters & { authRejected: number; refusedCredentials: number } {
    return {
      ...this.http.connections(),
      authRejected: this.auth.rejected,
      refusedCredentials: this.auth.refusedCredentials,
    };
  }

  resetCounters(): void {
    this.http.resetCounters();
    this.auth.rejected = 0;
    this.auth.refusedCredentials = 0;
  }

  /**
   * Answers the next requests to `path` (e.g. "/api/v1/status", "/api/v1/job", "/api/printer")
   * with the given bodies instead of the real state: one answer `count` times, or a list in order.
   */
  answerNext(path: string, answers: ScriptedAnswer | readonly ScriptedAnswer[], count = 1): void {
    this.scripted.add(path, answers, count);
  }

  /** The control endpoint's form of `answerNext`: `{ path, answers: [{ status?, body, contentType? }], count? }`. */
  injectPoison(request: Record<string, unknown>): Promise<void> {
    const { path, answers, count } = PoisonRequestSchema.parse(request);
    this.answerNext(path, answers, count);
    return Promise.resolve();
  }

  /** Scripted answers not sent yet (for one path or all). */
  pendingAnswers(path?: string): number {
    return this.scripted.pending(path);
  }

  clearAnswers(): void {
    this.scripted.clear();
  }

  // ---- scenario helpers (tests, demo farm) -----------------------------------------------------

  /**
   * Selects a file on the printer without printing it (Prusa-Link: the file stays selected, legacy
   * /api/job shows it with state "Operational"); `undefined` deselects. False if there is no such file
   * or a print is running.
   */
  selectFile(path: string | undefined): boolean {
    const node = path === undefined ? undefined : this.storage.find(path);
    if ((path !== undefined && (!node || node.folder)) || this.engine.currentJob) return false;
    this.selection = {
      node,
      path: node ? this.storage.apiPath(node) : undefined,
      afterJobId: this.engine.lastJob?.id,
    };
    return true;
  }

  selectedFile(): { node: StorageNode; path: string } | undefined {
    const job = this.engine.currentJob;
    if (job) return { node: job.file, path: job.path };
    const last = this.engine.lastJob;
    const chosen =
      this.selection && this.selection.afterJobId === last?.id
        ? this.selection
        : { node: last?.file, path: last?.path };
    if (!chosen.node || !chosen.path || this.storage.find(chosen.path) !== chosen.node) return undefined;
    return { node: chosen.node, path: chosen.path };
  }

  /** The control endpoint's form of `selectFile`: `{ "path": "/local/x.gcode" }`, or `{}` to deselect. */
  selectFileRequest(request: Record<string, unknown>): void {
    const path = request.path;
    if (path !== undefined && typeof path !== "string") throw new Error("path must be a string");
    if (!this.selectFile(path)) throw new Error(`cannot select ${String(path)} (no such file, or printing)`);
  }

  /** Starts printing a file as if chosen on the display. Returns false if the state forbids it. */
  startPrint(path: string): boolean {
    const node = this.storage.find(path);
    if (!node || node.folder) return false;
    return this.engine.start(node, this.storage.apiPath(node));
  }

  // ---- routing ---------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? "/";
    let path: string;
    try {
      path = decodeURIComponent(target.split("?")[0]!).replace(/\/{2,}/g, "/");
    } catch {
      sendStatus(req, res, 400, "Bad URL");
      return;
    }
    const ctx: RouteContext = { sim: this, req, res, target, path };
    const protectedPath =
      path.startsWith("/api/") ||
      path === "/api" ||
      path.startsWith(`/${this.storage.rootName}/`) ||
      path.startsWith("/thumb/");
    if (protectedPath) {
      // Auth is checked before routing: unauthenticated → 401 even for paths that do not exist.
      const outcome = this.auth.check(req);
      if (!outcome.ok) {
        req.resume();
        if (outcome.status === 403) {
          sendStatus(req, res, 403, outcome.body ?? "");
          return;
        }
        sendStatus(
          req,
          res,
          401,
          "",
          outcome.wwwAuthenticate ? { "www-authenticate": outcome.wwwAuthenticate } : {},
        );
        return;
      }
    }
    if (this.scripted.answer(path, res)) {
      req.resume();
      return;
    }
    if (await handleV1(ctx)) return;
    if (await handleFiles(ctx)) return;
    if (handleDownload(ctx)) return;
    if (handleThumbnail(ctx)) return;
    if (await handleLegacy(ctx)) return;
    if (path === "/" && req.method === "GET") {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          `<!doctype html><title>${this.options.name}</title><h1>PrusaLink simulator</h1><p>API under /api/v1/status</p>`,
        );
      return;
    }
    req.resume();
    sendStatus(req, res, 404, "");
  }
}
