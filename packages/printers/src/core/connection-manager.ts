// Keeps one printer connected for as long as the adapter lives, whatever the protocol.
// - Reconnects forever with capped exponential backoff + full jitter (a printer switched off
//   overnight comes back in the morning without a restart).
// - A circuit breaker (closed/open/half-open) guards the connect attempts and every on-demand call.
// - Wrong credentials are reported once (one printer_auth_error) and retried only at the slowest
//   pace: retrying quickly cannot fix a password and would hammer the printer.
// - `isHealthy()` is derived from the last successful communication.
// An adapter supplies a `ConnectionDriver`: `open` (handshake), optional `poll` (one poll cycle
// for polling protocols; push protocols call `touch()` per message and `reportLost()` on a drop)
// and `close`. Protocol code stays in the adapter; this module owns timing and bookkeeping.
import type { AdapterHealth, AdapterLogger, ConnectionPolicy } from "./adapter";
import type { PrinterErrorKind } from "./errors";
import { PrinterConnectionError, PrinterIntegrationError, PrinterTimeoutError } from "./errors";
import type { PrinterIdentity } from "./model";
import type { ChangePublisher } from "./change-publisher";
import { fullJitterDelay } from "./backoff";
import { CircuitBreaker } from "./circuit-breaker";
import { RepeatLimiter } from "./repeat-limiter";
import { cleanText } from "./sanitize";
import { deadlineSignal, isAbortError, sleep } from "./timeouts";

export interface ConnectionDriver {
  /** Connects and identifies the printer. Throws a PrinterIntegrationError on failure. */
  open(signal: AbortSignal): Promise<PrinterIdentity | undefined>;
  /** One poll cycle (polling protocols). Throwing a connection/timeout/auth error marks the connection lost. */
  poll?(signal: AbortSignal): Promise<void>;
  /** Releases sockets after a loss and on stop. Must not throw. */
  close(): Promise<void>;
}

export interface ConnectionManagerOptions {
  policy: ConnectionPolicy;
  publisher: ChangePublisher;
  logger: AdapterLogger;
  /** Default 3 s; only used when the driver polls. */
  pollIntervalMs?: number;
  random?: () => number;
  now?: () => number;
}

/** Errors that say nothing about reachability (the printer answered): they do not count against the circuit. */
const ANSWERED_KINDS: ReadonlySet<PrinterErrorKind> = new Set([
  "conflict",
  "http",
  "protocol",
  "download",
  "unsupported",
  "developer_mode",
]);

export class ConnectionManager {
  readonly breaker: CircuitBreaker;
  private readonly stopController = new AbortController();
  private loop: Promise<void> | undefined;
  private connected = false;
  private reconnects = 0;
  private everConnected = false;
  private lastCommunication: number | undefined;
  private lastError: AdapterHealth["lastError"];
  private lastFailureKey: string | undefined;
  private authReported = false;
  private lostNotifier: ((error: PrinterIntegrationError) => void) | undefined;
  private readonly now: () => number;
  /** "poll failed" warnings: the first per kind, then one a minute (a printer answering 500 every 3 s is one line a minute). */
  private readonly pollWarnings: RepeatLimiter;

  constructor(
    private readonly driver: ConnectionDriver,
    private readonly options: ConnectionManagerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.pollWarnings = new RepeatLimiter({ windowMs: 60_000, now: this.now });
    this.breaker = new CircuitBreaker({
      failureThreshold: options.policy.failureThreshold,
      openMs: options.policy.openMs,
      now: this.now,
    });
  }

  /** Starts the loop; resolves after the first connect attempt, whatever its outcome. */
  start(signal?: AbortSignal): Promise<void> {
    if (this.loop) return Promise.resolve();
    signal?.addEventListener("abort", () => void this.stop(), { once: true });
    let firstAttemptDone: () => void = () => {};
    const first = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    this.loop = this.runLoop(firstAttemptDone).catch((error: unknown) => {
      this.options.logger.error({ err: error }, "connection loop crashed");
    });
    return first;
  }

  async stop(): Promise<void> {
    if (this.stopController.signal.aborted) return this.loop;
    this.stopController.abort();
    await this.loop;
    await this.driver.close();
    if (this.loop)
      this.options.publisher.publish({ type: "printer_disconnected", reason: "adapter stopped" });
  }

  get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  /** Record a successful exchange with the printer (for `isHealthy`). */
  touch(): void {
    this.lastCommunication = this.now();
  }

  /** Push protocols: the connection dropped; the loop closes the driver and reconnects. */
  reportLost(error: PrinterIntegrationError): void {
    this.lostNotifier?.(error);
  }

  /**
   * Runs one on-demand request through the circuit breaker with the policy's timeout.
   * Timeouts become PrinterTimeoutError; the caller's own abort is rethrown as is.
   */
  async call<T>(
    fn: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
    timeoutMs = this.options.policy.requestTimeoutMs,
  ): Promise<T> {
    if (!this.breaker.tryAcquire()) {
      throw new PrinterConnectionError(
        `circuit open after repeated failures; next try in ${Math.ceil(this.breaker.remainingOpenMs() / 1000)} s`,
        {
          meta: { circuit: "open" },
        },
      );
    }
    const combined = deadlineSignal(
      timeoutMs,
      signal ? AbortSignal.any([signal, this.stopController.signal]) : this.stopController.signal,
    );
    try {
      const result = await fn(combined);
      this.breaker.recordSuccess();
      this.touch();
      return result;
    } catch (raw) {
      const error = this.classify(raw, combined, timeoutMs, signal);
      if (error instanceof PrinterIntegrationError && ANSWERED_KINDS.has(error.kind)) {
        this.breaker.recordSuccess();
        this.touch();
      } else {
        this.breaker.recordFailure();
      }
      if (error instanceof PrinterIntegrationError)
        this.lastError = { kind: error.kind, message: error.message, at: new Date(this.now()) };
      throw error;
    }
  }

  /** A problem the adapter handled itself (a payload it skipped): shown as the last error in health. */
  recordProblem(kind: PrinterErrorKind, message: string): void {
    this.lastError = { kind, message: cleanText(message), at: new Date(this.now()) };
  }

  isHealthy(): boolean {
    return (
      this.lastCommunication !== undefined &&
      this.now() - this.lastCommunication < this.options.policy.healthyWithinMs
    );
  }

  health(): AdapterHealth {
    return {
      connected: this.connected,
      healthy: this.isHealthy(),
      circuit: this.breaker.current,
      reconnects: this.reconnects,
      ...(this.lastCommunication !== undefined
        ? { lastCommunication: new Date(this.lastCommunication) }
        : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private classify(
    raw: unknown,
    combined: AbortSignal,
    timeoutMs: number,
    callerSignal?: AbortSignal,
  ): unknown {
    if (raw instanceof PrinterIntegrationError) return raw;
    if (callerSignal?.aborted || this.stopped) return raw;
    if (combined.aborted || isAbortError(raw))
      return new PrinterTimeoutError(`no answer within ${timeoutMs} ms`, { cause: raw });
    return new PrinterConnectionError(raw instanceof Error ? raw.message : String(raw), { cause: raw });
  }

  private async runLoop(firstAttemptDone: () => void): Promise<void> {
    const stop = this.stopController.signal;
    let attempt = 0;
    while (!stop.aborted) {
      const waitOpen = this.breaker.remainingOpenMs();
      if (waitOpen > 0) await sleep(waitOpen, stop).catch(() => undefined);
      if (stop.aborted) break;
      let identity: PrinterIdentity | undefined;
      try {
        identity = await this.call(
          (signal) => this.driver.open(signal),
          undefined,
          this.options.policy.requestTimeoutMs * 2,
        );
      } catch (error) {
        firstAttemptDone();
        if (stop.aborted) break;
        const delay = this.onConnectFailure(error, attempt);
        attempt += 1;
        await this.driver.close();
        await sleep(delay, stop).catch(() => undefined);
        continue;
      }
      firstAttemptDone();
      attempt = 0;
      this.onConnected(identity);
      const lost = await this.stayConnected();
      this.connected = false;
      await this.driver.close();
      if (stop.aborted) break;
      this.options.publisher.publish({ type: "printer_connection_lost", reason: lost.message });
      this.options.publisher.reset();
      this.options.logger.warn(
        { reason: lost.message, kind: lost.kind },
        "printer connection lost; reconnecting",
      );
      if (lost.kind === "authentication") this.onConnectFailure(lost, attempt);
    }
  }

  private onConnected(identity: PrinterIdentity | undefined): void {
    if (this.everConnected) this.reconnects += 1;
    this.everConnected = true;
    this.connected = true;
    this.authReported = false;
    this.lastFailureKey = undefined;
    this.options.logger.info({ model: identity?.model, firmware: identity?.firmware }, "printer connected");
    this.options.publisher.publish({
      type: "printer_connected",
      identity: {
        ...(identity?.model ? { model: identity.model } : {}),
        ...(identity?.firmware ? { firmware: identity.firmware } : {}),
        ...(identity?.serial ? { serial: identity.serial } : {}),
      },
    });
  }

  /** Returns the delay before the next attempt, publishing failure events only on change. */
  private onConnectFailure(raw: unknown, attempt: number): number {
    const error =
      raw instanceof PrinterIntegrationError ? raw : new PrinterConnectionError(String(raw), { cause: raw });
    const policy = this.options.policy;
    let delay: number;
    if (error.kind === "authentication") {
      // Retrying quickly cannot fix a password: open the circuit and retry at the slowest pace.
      this.breaker.trip();
      delay = Math.max(policy.maxDelayMs, policy.openMs);
      if (!this.authReported) {
        this.authReported = true;
        this.options.publisher.publish({ type: "printer_auth_error", message: error.message });
      }
    } else {
      delay = Math.max(fullJitterDelay(attempt, policy, this.options.random), this.breaker.remainingOpenMs());
    }
    const key = `${error.kind}:${error.message}`;
    if (key !== this.lastFailureKey) {
      this.lastFailureKey = key;
      this.options.publisher.publish({
        type: "printer_connection_failed",
        error: { kind: error.kind, message: error.message },
        attempt,
        retryInMs: delay,
      });
    }
    this.options.logger.debug(
      { kind: error.kind, message: error.message, attempt, retryInMs: delay },
      "printer connect attempt failed",
    );
    return delay;
  }

  /** Polls (or waits for a push driver's loss) until the connection is lost or the manager stops. */
  private async stayConnected(): Promise<PrinterIntegrationError> {
    const session = new AbortController();
    const signal = AbortSignal.any([session.signal, this.stopController.signal]);
    const stopped = new PrinterConnectionError("stopped");
    const ended = new Promise<PrinterIntegrationError>((resolve) => {
      this.lostNotifier = resolve;
      signal.addEventListener("abort", () => resolve(stopped), { once: true });
    });
    const poll = this.driver.poll?.bind(this.driver);
    const interval = this.options.pollIntervalMs ?? 3_000;
    const polling = poll
      ? (async (): Promise<PrinterIntegrationError> => {
          while (!signal.aborted) {
            try {
              await this.call((callSignal) => poll(callSignal), signal);
            } catch (error) {
              if (signal.aborted) break;
              if (error instanceof PrinterIntegrationError && !ANSWERED_KINDS.has(error.kind)) return error;
              const kind = error instanceof PrinterIntegrationError ? error.kind : "unknown";
              const allowed = this.pollWarnings.take(kind);
              if (allowed)
                this.options.logger.warn(
                  { kind, ...(allowed.suppressed > 0 ? { suppressed: allowed.suppressed } : {}) },
                  "poll failed; staying connected",
                );
            }
            await sleep(interval, signal).catch(() => undefined);
          }
          return stopped;
        })()
      : ended;
    try {
      return await Promise.race([polling, ended]);
    } finally {
      this.lostNotifier = undefined;
      session.abort();
      await polling;
    }
  }
}
