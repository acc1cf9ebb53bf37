// The one interface every printer kind implements. An adapter receives decrypted
// config and its collaborators; it never touches the database, env or the web app.
import type { Readable } from "node:stream";
import type { Job, PrinterIdentity, PrinterStatus, RemoteFile } from "./model";
import type { PrinterEventSink } from "./events";
import type { PrinterErrorKind } from "./errors";
import type { StartPrintRequest, UploadedFile, UploadRequest } from "./print-start";
import type { CameraHandler, CameraStream } from "./camera";

export type PrinterKind = "bambu" | "prusalink";

/** Minimal structured logger (pino-compatible). Adapters must never log secrets. */
export interface AdapterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: AdapterLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface ConnectionPolicy {
  /**
   * Reconnect pace of an unreachable printer: "equal jitter", a wait uniform in [c/2, c] with
   * c = min(maxDelayMs, baseDelayMs * 2^attempt). The cap bounds how long a printer that comes
   * back waits to be noticed; the floor (c/2) bounds how often a switched-off printer is tried.
   */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Circuit breaker of on-demand calls: consecutive failures that open it, and how long it stays open. */
  failureThreshold: number;
  openMs: number;
  /** `isHealthy()` is false when nothing was heard for this long. */
  healthyWithinMs: number;
  /** Timeout for a single network request. */
  requestTimeoutMs: number;
  /**
   * After the printer refused the credentials: the waits before the 2nd, 3rd … attempt (±10 %
   * jitter), then `authRetryMs` between attempts until the credentials change (a new adapter).
   */
  authRetryDelaysMs: readonly number[];
  authRetryMs: number;
}

/**
 * Unreachable: at most 5 s between attempts (2.5–5 s once the cap is reached), so a printer that
 * comes back is connected within ~5 s plus its handshake; 1,000 switched-off printers cost ~270
 * connection attempts a second on average (400 at most), never more than one in flight per printer.
 * Refused credentials: attempts at 0 s, ~15 s, ~45 s (three in the first minute), then every 5 minutes.
 */
export const defaultConnectionPolicy: ConnectionPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 5_000,
  failureThreshold: 5,
  openMs: 30_000,
  healthyWithinMs: 120_000,
  requestTimeoutMs: 10_000,
  authRetryDelaysMs: [15_000, 30_000],
  authRetryMs: 300_000,
};

export interface AdapterContext<TConfig> {
  printerId: string;
  /** Decrypted, validated configuration for this kind (host, port, credentials, ...). */
  config: TConfig;
  events: PrinterEventSink;
  logger?: AdapterLogger;
  policy?: Partial<ConnectionPolicy>;
}

export type TestConnectionResult =
  | { ok: true; identity: PrinterIdentity }
  | {
      ok: false;
      reason:
        "unreachable" | "timeout" | "authorization" | "certificate" | "protocol" | "unsupported_firmware";
      message: string;
      /** Bambu: the certificate presented, so an admin can (re-)trust it. */
      certificateFingerprint?: string;
    };

export interface DownloadedFile {
  stream: Readable;
  size?: number;
  fileName: string;
  contentType?: string;
}

export type CircuitState = "closed" | "open" | "half-open";

/** The outcome of "reconnect now": connected, or why not (a sentence for a person). */
export interface ReconnectResult {
  connected: boolean;
  message?: string;
}

export interface AdapterHealth {
  connected: boolean;
  healthy: boolean;
  circuit: CircuitState;
  reconnects: number;
  lastCommunication?: Date;
  lastError?: { kind: PrinterErrorKind; message: string; at: Date };
}

export interface PrinterAdapter {
  readonly kind: PrinterKind;
  readonly printerId: string;
  /** Starts the connection loop; resolves after the first attempt (success or not). Reconnects forever until `disconnect`. */
  connect(signal?: AbortSignal): Promise<void>;
  /** Stops all timers and closes every socket. Safe to call twice. */
  disconnect(): Promise<void>;
  getStatus(signal?: AbortSignal): Promise<PrinterStatus>;
  getCurrentJob(signal?: AbortSignal): Promise<Job | undefined>;
  listFiles(signal?: AbortSignal): Promise<RemoteFile[]>;
  downloadFile(path: string, signal?: AbortSignal): Promise<DownloadedFile>;
  /** Thumbnail bytes for a `thumbnailRef` from a job or file, if the printer has one. */
  getThumbnail?(ref: string, signal?: AbortSignal): Promise<DownloadedFile | undefined>;
  /**
   * Puts a file on the printer's storage without starting it; reports progress; resolves once
   * the printer confirmed the whole file (Bambu: the final FTP reply, checked with SIZE).
   */
  uploadFile(request: UploadRequest): Promise<UploadedFile>;
  /** Whether a file of this size is on the printer at `path` (a staged upload still there). */
  hasFile(path: string, size: number, signal?: AbortSignal): Promise<boolean>;
  /**
   * Starts printing an uploaded file. Refuses (PrinterConflictError, the printer's words where it
   * gave any) when the printer is not ready; never sends a start to a busy Bambu printer.
   */
  startPrint(request: StartPrintRequest): Promise<void>;
  pauseJob(signal?: AbortSignal): Promise<void>;
  resumeJob(signal?: AbortSignal): Promise<void>;
  cancelJob(signal?: AbortSignal): Promise<void>;
  /** One-shot check that does not need `connect()`. Never throws. */
  testConnection(signal?: AbortSignal): Promise<TestConnectionResult>;
  isHealthy(): boolean;
  health(): AdapterHealth;
  /**
   * "Reconnect now": when not connected, forgets the backoff (and a refused login's slow pace)
   * and tries at once; resolves with that attempt's outcome. Connected already: `connected: true`.
   */
  reconnectNow(signal?: AbortSignal): Promise<ReconnectResult>;
  /**
   * Opens the printer's camera (see core/camera.ts): one upstream connection, retried with backoff
   * until closed. Absent on printers without a camera.
   */
  openCamera?(handler: CameraHandler): CameraStream;
}
