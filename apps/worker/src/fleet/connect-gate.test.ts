import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectGate } from "./connect-gate";

/** An attempt that stays in flight until settled by hand. */
function pendingAttempt() {
  let settle!: (ok: boolean) => void;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (ok) => (ok ? resolve() : reject(new Error("connect failed")));
  });
  promise.catch(() => undefined);
  return { attempt: () => promise, settle };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("ConnectGate", () => {
  afterEach(() => vi.useRealTimers());

  it("runs at most `limit` attempts at once, the others in order as slots free", async () => {
    const gate = new ConnectGate(2);
    const started: number[] = [];
    const attempts = [0, 1, 2, 3].map(() => pendingAttempt());
    attempts.forEach((a, i) =>
      gate.run(() => {
        started.push(i);
        return a.attempt();
      }),
    );
    expect(started).toEqual([0, 1]);
    expect(gate.queued).toBe(2);
    attempts[1]!.settle(true);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    attempts[0]!.settle(false); // a failed attempt frees its slot too
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(gate.queued).toBe(0);
  });

  it("an attempt that throws or has nothing to do takes no slot", () => {
    const gate = new ConnectGate(1);
    gate.run(() => {
      throw new Error("bad config");
    });
    gate.run(() => undefined);
    const started: string[] = [];
    gate.run(() => {
      started.push("next");
      return new Promise(() => {});
    });
    expect(started).toEqual(["next"]);
  });

  it("a slot is held at most `slotMs` by an attempt that never ends", () => {
    vi.useFakeTimers();
    const gate = new ConnectGate(1, 1_000);
    const started: string[] = [];
    gate.run(() => new Promise(() => {}));
    gate.run(() => {
      started.push("second");
      return new Promise(() => {});
    });
    vi.advanceTimersByTime(999);
    expect(started).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(started).toEqual(["second"]);
  });

  it("a long line of attempts with nothing to do (printers detached while waiting) is drained without deep recursion", async () => {
    const gate = new ConnectGate(1);
    const first = pendingAttempt();
    gate.run(first.attempt);
    for (let i = 0; i < 10_000; i++) gate.run(() => undefined);
    let last = false;
    gate.run(() => {
      last = true;
      return Promise.resolve();
    });
    first.settle(true);
    await tick();
    expect(last).toBe(true);
    expect(gate.queued).toBe(0);
  });
});
