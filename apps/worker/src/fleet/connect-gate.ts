// Bounds how many printers make their first connection attempt at once. A large fleet attached
// in one reconcile would otherwise open thousands of sockets (TLS handshakes for Bambu printers)
// in the same instant and starve the event loop. A slot is held until the adapter's first attempt
// ends (connected or failed) but at most `slotMs`: a printer that does not answer (an attempt can
// wait for the request timeout) must not hold the others back. The adapters' own reconnect pace
// (backoff after failures) is not touched: only the first attempt passes through here.
export class ConnectGate {
  private active = 0;
  private readonly waiting: (() => Promise<unknown> | undefined)[] = [];

  constructor(
    readonly limit: number,
    private readonly slotMs = 1_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`connect limit must be ≥ 1, got ${limit}`);
  }

  /** Attempts waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `attempt` when a slot is free (at once if one is). An attempt that returns undefined had
   * nothing to do (its printer was detached meanwhile) and takes no slot.
   */
  run(attempt: () => Promise<unknown> | undefined): void {
    this.waiting.push(attempt);
    this.pump();
  }

  /**
   * Starts waiting attempts while slots are free. A loop, not a call per finished attempt: a long
   * line of attempts with nothing to do (a mass detach during a large attach) must not nest one
   * stack frame per attempt. A slot is only ever released later (a promise or a timer), so this
   * never runs inside itself.
   */
  private pump(): void {
    while (this.active < this.limit) {
      const attempt = this.waiting.shift();
      if (!attempt) return;
      let pending: Promise<unknown> | undefined;
      try {
        pending = attempt();
      } catch {
        pending = undefined;
      }
      if (pending) this.hold(pending);
    }
  }

  private hold(pending: Promise<unknown>): void {
    this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.active--;
      this.pump();
    };
    const timer = setTimeout(release, this.slotMs);
    timer.unref();
    void pending.then(release, release);
  }
}
