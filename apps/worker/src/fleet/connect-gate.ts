// Bounds how many printers make their first connection attempt at once. A large fleet attached
// in one reconcile would otherwise open thousands of sockets (TLS handshakes for Bambu printers)
// in the same instant and starve the event loop. A slot is held until the adapter's first attempt
// ends (connected or failed) but at most `slotMs`: a printer that does not answer (an attempt can
// wait for the request timeout) must not hold the others back. The adapters' own reconnect pace
// (backoff after failures) is not touched: only the first attempt passes through here.
export class ConnectGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

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

  /** Runs `attempt` when a slot is free; `attempt` returns false-ish quickly when there is nothing to do. */
  run(attempt: () => Promise<unknown> | undefined): void {
    if (this.active < this.limit) this.start(attempt);
    else this.waiting.push(() => this.start(attempt));
  }

  private start(attempt: () => Promise<unknown> | undefined): void {
    this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.active--;
      this.waiting.shift()?.();
    };
    const timer = setTimeout(release, this.slotMs);
    timer.unref();
    let pending: Promise<unknown> | undefined;
    try {
      pending = attempt();
    } catch {
      pending = undefined;
    }
    if (pending) void pending.then(release, release);
    else release();
  }
}
