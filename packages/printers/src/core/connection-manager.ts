// Keeps one printer connected for as long as the adapter lives, whatever the protocol.
// - Reconnects forever with capped exponential backoff + equal jitter (policy: at most 5 s
//   between attempts), so a printer switched off overnight or rebooted comes back within
//   seconds, without a restart, while a farm of switched-off printers is tried at a bounded rate.
// - A circuit breaker (closed/open/half-open) guards every on-demand call; connect attempts are
//   paced by the backoff alone and feed the breaker (a reconnect closes it).
// - Wrong credentials are reported once (one printer_auth_error) and retried on a short
//   schedule, then slowly (policy: 3 attempts in the first minute, then every 5 minutes):
//   retrying quickly cannot fix a password and would hammer the printer.
// - Every failure is also put into a sentence for a person (connection-sentence.ts).
// - `reconnectNow()` forgets the backoff and tries at once ("Reconnect now").
// - `isHealthy()` is derived from the last successful communication.
// An adapter supplies a `ConnectionDriver`: `open` (handshake), optional `poll` (one poll cycle
// for polling protocols; push protocols call `touch()` per message and `reportLost()` on a drop)
// and `close`. Protocol code stays in the adapter; this module owns timing and bookkeeping.
import type { AdapterHealth, AdapterLogger, ConnectionPolicy, ReconnectResult } from "./adapter";
import type { PrinterErrorKind } from "./errors";
import { PrinterConnectionError, PrinterIntegrationError, PrinterTimeoutError } from "./errors";
import type { PrinterIdentity } from "./model";
import type { ChangePublisher } from "./change-publisher";
import { authRetryDelay, equalJitterDelay } from "./backoff";
import { CircuitBreaker } from "./circuit-breaker";
import {
  describeConnectionFailure,
  describeConnectionLost,
  type ConnectionTarget,
} from "./connection-sentence";
import { RepeatLimiter } from "./repeat-limiter";
import { cleanText } from "./sanitize";
import { deadlineSignal, isAbortError, onAbort, sleep } from "./timeouts";

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
  /** The printer's address and what its secret is called, for the sentences people read. */
  target: ConnectionTarget;
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

/** Errors of the way to the printer (its health's last error is told as a sentence). */
const TRANSPORT_KINDS: ReadonlySet<PrinterErrorKind> = new Set(["connection", "timeout", "mqtt"]);

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
  /** Unreachable attempts in a row (the backoff exponent) and refused logins in a row. */
  private failedAttempts = 0;
  private refusals = 0;
  /** Connect attempts started so far; "reconnect now" waits for one started after its request. */
  private attemptsStarted = 0;
  private readonly reconnectWaiters: {
    after: number;
    resolve(result: ReconnectResult): void;
  }[] = [];
  /** Aborted to cut the wait before the next attempt short. */
  private wakeController = new AbortController();
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
    let firstAttemptDone: () => void = () => {};
    const first = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    this.loop = this.runLoop(firstAttemptDone).catch((error: unknown) => {
      this.options.logger.error({ err: error }, "connection loop crashed");
    });
    // After the loop exists (a stop before it would leave `first` waiting); an already aborted
    // signal stops at once; the listener goes when the loop ends.
    const stopListening = onAbort(signal, () => void this.stop());
    void this.loop.then(stopListening);
    return first;
  }

  async stop(): Promise<void> {
    if (this.stopController.signal.aborted) return this.loop;
    this.stopController.abort();
    await this.loop;
    this.settleReconnects(Number.POSITIVE_INFINITY, {
      connected: false,
      message: "The connection to the printer was stopped.",
    });
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
   * "Reconnect now": connected already, says so; otherwise forgets the backoff, the refused
   * login's slow pace and the open circuit, starts an attempt at once (or right after the one in
   * flight) and resolves with its outcome.
   */
  reconnectNow(signal?: AbortSignal): Promise<ReconnectResult> {
    if (this.connected) return Promise.resolve({ connected: true });
    if (!this.loop || this.stopped)
      return Promise.resolve({ connected: false, message: "The printer's connection is not running." });
    this.failedAttempts = 0;
    this.refusals = 0;
    this.breaker.reset();
    return new Promise<ReconnectResult>((resolve) => {
      let stopListening = () => {};
      const waiter = {
        after: this.attemptsStarted,
        resolve: (result: ReconnectResult) => {
          stopListening();
          resolve(result);
        },
      };
      this.reconnectWaiters.push(waiter);
      stopListening = onAbort(signal, () => {
        const index = this.reconnectWaiters.indexOf(waiter);
        if (index < 0) return;
        this.reconnectWaiters.splice(index, 1);
        resolve({ connected: false, message: "The reconnect attempt did not finish in time." });
      });
      this.wakeController.abort();
    });
  }

  /** Resolves the "reconnect now" requests made before attempt number `attempt` started. */
  private settleReconnects(attempt: number, result: ReconnectResult): void {
    for (const waiter of [...this.reconnectWaiters]) {
      if (result.connected || waiter.after <= attempt) {
        this.reconnectWaiters.splice(this.reconnectWaiters.indexOf(waiter), 1);
        waiter.resolve(result);
      }
    }
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
        this.lastError = {
          kind: error.kind,
          // the transport's own words ("fetch failed (ECONNREFUSED)") never reach a screen
          message: TRANSPORT_KINDS.has(error.kind)
            ? describeConnectionFailure(this.options.target, error)
            : error.message,
          at: new Date(this.now()),
        };
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
    let delay = 0;
    while (!stop.aborted) {
      if (delay > 0) await this.pause(delay);
      if (stop.aborted) break;
      const attempt = this.attemptsStarted++;
      let identity: PrinterIdentity | undefined;
      try {
        identity = await this.open();
      } catch (error) {
        firstAttemptDone();
        if (stop.aborted) break;
        await this.driver.close();
        delay = this.onConnectFailure(error);
        this.settleReconnects(attempt, { connected: false, message: this.lastError?.message });
        // A "reconnect now" that came in while this attempt was in flight gets a fresh one at once.
        if (this.reconnectWaiters.length > 0) delay = 0;
        continue;
      }
      firstAttemptDone();
      // Stopped while the attempt was in flight and the driver connected anyway: close, no "connected".
      if (stop.aborted) {
        await this.driver.close();
        break;
      }
      this.onConnected(identity);
      this.settleReconnects(attempt, { connected: true });
      const lost = await this.stayConnected();
      this.connected = false;
      await this.driver.close();
      if (stop.aborted) break;
      const reason = describeConnectionLost(this.options.target, lost);
      this.lastError = { kind: lost.kind, message: reason, at: new Date(this.now()) };
      this.options.publisher.publish({ type: "printer_connection_lost", reason });
      this.options.publisher.reset();
      this.options.logger.warn(
        { reason: lost.message, kind: lost.kind },
        "printer connection lost; reconnecting",
      );
      // A dropped connection is retried at once; a refused login (a poll answered 401) is not.
      delay = lost.kind === "authentication" ? this.onConnectFailure(lost) : 0;
    }
  }

  /** Waits before the next attempt; "reconnect now" and stop() cut it short. */
  private async pause(ms: number): Promise<void> {
    if (this.wakeController.signal.aborted) this.wakeController = new AbortController();
    const wake = this.wakeController.signal;
    await sleep(ms, AbortSignal.any([this.stopController.signal, wake])).catch(() => undefined);
    if (wake.aborted) this.wakeController = new AbortController();
  }

  /**
   * One connect attempt under the policy's deadline. It is paced by the backoff, not gated by the
   * breaker, but its outcome feeds the breaker: on-demand calls fail fast while the printer is
   * unreachable, and the connection closes the circuit as soon as the printer is back.
   */
  private async open(): Promise<PrinterIdentity | undefined> {
    const timeoutMs = this.options.policy.requestTimeoutMs * 2;
    const signal = deadlineSignal(timeoutMs, this.stopController.signal);
    try {
      const identity = await this.driver.open(signal);
      this.breaker.recordSuccess();
      this.touch();
      return identity;
    } catch (raw) {
      const error = this.classify(raw, signal, timeoutMs);
      if (error instanceof PrinterIntegrationError && ANSWERED_KINDS.has(error.kind)) {
        this.breaker.recordSuccess();
        this.touch();
      } else {
        this.breaker.recordFailure();
      }
      throw error;
    }
  }

  private onConnected(identity: PrinterIdentity | undefined): void {
    if (this.everConnected) this.reconnects += 1;
    this.everConnected = true;
    this.connected = true;
    this.authReported = false;
    this.failedAttempts = 0;
    this.refusals = 0;
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
  private onConnectFailure(raw: unknown): number {
    const error =
      raw instanceof PrinterIntegrationError ? raw : new PrinterConnectionError(String(raw), { cause: raw });
    const policy = this.options.policy;
    const message = describeConnectionFailure(this.options.target, error);
    this.lastError = { kind: error.kind, message, at: new Date(this.now()) };
    let delay: number;
    let attempt: number;
    if (error.kind === "authentication") {
      // Retrying quickly cannot fix a password: refuse on-demand calls, retry on the slow schedule.
      this.breaker.trip();
      this.refusals += 1;
      attempt = this.refusals - 1;
      delay = authRetryDelay(this.refusals, policy, this.options.random);
      if (!this.authReported) {
        this.authReported = true;
        this.options.publisher.publish({ type: "printer_auth_error", message });
      }
    } else {
      attempt = this.failedAttempts;
      delay = equalJitterDelay(this.failedAttempts, policy, this.options.random);
      this.failedAttempts += 1;
    }
    const key = `${error.kind}:${message}`;
    if (key !== this.lastFailureKey) {
      this.lastFailureKey = key;
      this.options.publisher.publish({
        type: "printer_connection_failed",
        error: { kind: error.kind, message },
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
      // onAbort: a stop() that came before this point (an aborted signal fires no "abort" again)
      // must not leave this waiting forever, and with it the worker's fleet reconcile.
      onAbort(signal, () => resolve(stopped));
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
