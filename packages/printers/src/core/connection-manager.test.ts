// The connection manager's pace with the real default policy, on a fake clock: how often an
// unreachable printer and one refusing its credentials are tried, how soon a printer that comes
// back is connected, "reconnect now", and the sentences people read.
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventRecorder } from "../testing/event-recorder";
import { defaultConnectionPolicy, silentLogger } from "./adapter";
import { ChangePublisher } from "./change-publisher";
import { ConnectionManager, type ConnectionDriver } from "./connection-manager";
import { PrinterAuthenticationError, PrinterConnectionError, type PrinterIntegrationError } from "./errors";

const host = "192.168.1.40";

function refused(): PrinterConnectionError {
  const socketError = Object.assign(new Error(`connect ECONNREFUSED ${host}:8883`), { code: "ECONNREFUSED" });
  return new PrinterConnectionError(`cannot reach ${host}:8883: ${socketError.message}`, {
    cause: socketError,
  });
}

/** A driver whose printer is reachable or not, refuses the code or not, counting attempts. */
class FakePrinter implements ConnectionDriver {
  mode: "up" | "down" | "refusing" = "down";
  readonly attempts: number[] = [];
  async open(): Promise<undefined> {
    this.attempts.push(Date.now());
    if (this.mode === "down") throw refused();
    if (this.mode === "refusing")
      throw new PrinterAuthenticationError("the printer refused the LAN access code (MQTT not authorized)");
    return undefined;
  }
  async close(): Promise<void> {}
}

let managers: ConnectionManager[] = [];

function create(driver: ConnectionDriver, credential = "access code", random: () => number = Math.random) {
  const events = new EventRecorder();
  const manager = new ConnectionManager(driver, {
    policy: defaultConnectionPolicy,
    publisher: new ChangePublisher("p1", events),
    logger: silentLogger,
    target: { host, credential },
    random,
  });
  managers.push(manager);
  return { manager, events };
}

function start(driver: ConnectionDriver, credential = "access code", random: () => number = Math.random) {
  const created = create(driver, credential, random);
  void created.manager.start();
  return created;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-30T14:02:00Z"));
});

afterEach(async () => {
  const stopping = managers.map((m) => m.stop());
  await vi.runOnlyPendingTimersAsync();
  await Promise.all(stopping);
  managers = [];
  vi.useRealTimers();
});

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

describe("an unreachable printer", () => {
  it("is tried at most 5 s apart and at least 2.5 s apart once the backoff is capped", async () => {
    const printer = new FakePrinter();
    const { events } = start(printer);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const between = gaps(printer.attempts);
    expect(Math.max(...between)).toBeLessThanOrEqual(5_000);
    expect(Math.min(...between.slice(3))).toBeGreaterThanOrEqual(2_500);
    // 10 minutes: at most 600 s / 2.5 s attempts (plus the warm-up ones)
    expect(printer.attempts.length).toBeLessThanOrEqual(240 + 4);
    // one failure event for the whole outage, as a sentence without the socket's words
    expect(events.ofType("printer_connection_failed")).toEqual([
      expect.objectContaining({
        error: { kind: "connection", message: `The printer did not answer at ${host} (connection refused).` },
      }),
    ]);
  });

  it("is connected within 5 s of coming back (the issue allows 10 s)", async () => {
    const printer = new FakePrinter();
    const slowestJitter = () => 0.999999;
    const { manager, events } = start(printer, "access code", slowestJitter);
    await vi.advanceTimersByTimeAsync(30 * 60_000 + 17_000);
    printer.mode = "up";
    const back = Date.now();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(manager.health().connected).toBe(true);
    expect(events.count("printer_connected")).toBe(1);
    expect(printer.attempts.at(-1)! - back).toBeLessThanOrEqual(5_000);
    expect(manager.health().circuit).toBe("closed");
  });

  it("that dropped is retried at once, and the loss is told in a sentence", async () => {
    const printer = new FakePrinter();
    printer.mode = "up";
    const { manager, events } = start(printer);
    await vi.advanceTimersByTimeAsync(10);
    printer.mode = "down";
    const attemptsBefore = printer.attempts.length;
    manager.reportLost(new PrinterConnectionError("the MQTT connection to the printer was closed"));
    await vi.advanceTimersByTimeAsync(10);
    expect(printer.attempts.length).toBe(attemptsBefore + 1);
    expect(events.ofType("printer_connection_lost")[0]?.reason).toBe(
      `The connection to the printer at ${host} was lost: the MQTT connection to the printer was closed.`,
    );
    expect(manager.health().lastError?.message).toBe(
      `The printer did not answer at ${host} (connection refused).`,
    );
  });
});

describe("a printer that refuses its credentials", () => {
  it("is tried three times in the first minute, then every 5 minutes, and reported once", async () => {
    const printer = new FakePrinter();
    printer.mode = "refusing";
    const { manager, events } = start(printer);
    const started = Date.now();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(printer.attempts.length).toBe(3);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    const later = gaps(printer.attempts).slice(2);
    expect(later.length).toBeGreaterThanOrEqual(5);
    for (const gap of later) {
      expect(gap).toBeGreaterThanOrEqual(270_000);
      expect(gap).toBeLessThanOrEqual(330_000);
    }
    expect(printer.attempts.filter((t) => t - started < 60_000)).toHaveLength(3);
    expect(events.ofType("printer_auth_error")).toEqual([
      { type: "printer_auth_error", message: `The printer at ${host} refused the access code.` },
    ]);
    expect(events.count("printer_connection_failed")).toBe(1);
    expect(manager.health()).toMatchObject({ connected: false, lastError: { kind: "authentication" } });
  });

  it("names the secret the kind uses", async () => {
    const printer = new FakePrinter();
    printer.mode = "refusing";
    const { events } = start(printer, "password");
    await vi.advanceTimersByTimeAsync(10);
    expect(events.ofType("printer_auth_error")[0]?.message).toBe(
      `The printer at ${host} refused the password.`,
    );
  });

  it("whose poll is answered with a refusal is not retried at once", async () => {
    const printer = new FakePrinter();
    printer.mode = "up";
    const { manager } = start(printer);
    await vi.advanceTimersByTimeAsync(10);
    printer.mode = "refusing";
    manager.reportLost(new PrinterAuthenticationError("the printer rejected the password (HTTP 401)"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(printer.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(printer.attempts).toHaveLength(2);
  });
});

describe("reconnect now", () => {
  it("tries at once in the middle of a slow pause and says how it went", async () => {
    const printer = new FakePrinter();
    printer.mode = "refusing";
    const { manager } = start(printer);
    await vi.advanceTimersByTimeAsync(2 * 60_000); // three refusals: now in the 5-minute pause
    expect(printer.attempts).toHaveLength(3);
    const failed = manager.reconnectNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(await failed).toEqual({
      connected: false,
      message: `The printer at ${host} refused the access code.`,
    });
    expect(printer.attempts).toHaveLength(4);
    // the slow pace starts over: the next try comes ~15 s later, not 5 minutes
    await vi.advanceTimersByTimeAsync(17_000);
    expect(printer.attempts).toHaveLength(5);

    printer.mode = "up";
    const ok = manager.reconnectNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(await ok).toEqual({ connected: true });
    expect(await manager.reconnectNow()).toEqual({ connected: true });
  });

  it("waits for an attempt that starts after the request, not one already under way", async () => {
    let release: ((error?: PrinterIntegrationError) => void) | undefined;
    let opens = 0;
    const driver: ConnectionDriver = {
      open: () => {
        opens += 1;
        if (opens === 1) return new Promise((_, reject) => (release = (e) => reject(e ?? refused())));
        return Promise.resolve(undefined);
      },
      close: async () => {},
    };
    const { manager } = start(driver);
    await vi.advanceTimersByTimeAsync(10);
    expect(opens).toBe(1);
    const result = manager.reconnectNow();
    release!();
    await vi.advanceTimersByTimeAsync(10);
    expect(opens).toBe(2);
    expect(await result).toEqual({ connected: true });
  });

  it("gives up at once on an already aborted signal, and leaves no listener on a live one", async () => {
    const printer = new FakePrinter();
    printer.mode = "refusing"; // in the 5-minute pause after three refusals
    const { manager } = start(printer);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    const late = manager.reconnectNow(AbortSignal.abort());
    await vi.advanceTimersByTimeAsync(10);
    await expect(late).resolves.toEqual({
      connected: false,
      message: "The reconnect attempt did not finish in time.",
    });

    printer.mode = "up";
    const request = new AbortController();
    const ok = manager.reconnectNow(request.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(await ok).toEqual({ connected: true });
    expect(getEventListeners(request.signal, "abort")).toHaveLength(0);
  });

  it("answers a stopped connection without waiting", async () => {
    const printer = new FakePrinter();
    const { manager } = start(printer);
    await vi.advanceTimersByTimeAsync(10);
    const stopping = manager.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopping;
    expect(await manager.reconnectNow()).toMatchObject({ connected: false });
  });
});

describe("on-demand calls", () => {
  it("keep the error for the caller but tell a transport failure as a sentence in the health", async () => {
    const printer = new FakePrinter();
    printer.mode = "up";
    const { manager } = start(printer);
    await vi.advanceTimersByTimeAsync(10);
    await expect(manager.call(() => Promise.reject(refused()))).rejects.toThrow(/ECONNREFUSED/);
    expect(manager.health().lastError).toMatchObject({
      kind: "connection",
      message: `The printer did not answer at ${host} (connection refused).`,
    });
  });
});

describe("stop", () => {
  it("ends while a connect is in flight, even when the driver connects anyway, and closes it", async () => {
    // A push driver (no poll) whose open ignores the abort and succeeds after the stop: the worker
    // rebalancing printers stops adapters that are still connecting (the fleet reconcile awaits this).
    let finishOpen!: () => void;
    let closes = 0;
    const driver: ConnectionDriver = {
      open: () => new Promise<undefined>((resolve) => (finishOpen = () => resolve(undefined))),
      close: async () => void (closes += 1),
    };
    const { manager, events } = start(driver);
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = manager.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(10);
    finishOpen();
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(true);
    await stopping;
    expect(closes).toBeGreaterThanOrEqual(1);
    expect(events.events.map((e) => e.type)).not.toContain("printer_connected");
  });
});

describe("start with a signal", () => {
  it("stops when the signal was aborted before the start (it fires no abort event any more)", async () => {
    const printer = new FakePrinter(); // unreachable: the loop would retry forever
    const { manager } = create(printer);
    await manager.start(AbortSignal.abort());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(manager.stopped).toBe(true);
    expect(printer.attempts.length).toBeLessThanOrEqual(1);
  });

  it("stops when the signal aborts later, and takes its listener away once stopped", async () => {
    const printer = new FakePrinter();
    const { manager } = create(printer);
    const worker = new AbortController();
    void manager.start(worker.signal);
    await vi.advanceTimersByTimeAsync(10);
    worker.abort();
    await vi.advanceTimersByTimeAsync(10);
    expect(manager.stopped).toBe(true);

    // a long-lived signal shared by many starts keeps no listener of a stopped manager
    const shared = new AbortController();
    const other = create(new FakePrinter()).manager;
    void other.start(shared.signal);
    await vi.advanceTimersByTimeAsync(10);
    const stopping = other.stop();
    await vi.advanceTimersByTimeAsync(10);
    await stopping;
    expect(getEventListeners(shared.signal, "abort")).toHaveLength(0);
  });
});
