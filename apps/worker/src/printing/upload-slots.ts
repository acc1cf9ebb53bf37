// At most `max` uploads at once per worker (PRINTERNIZER_MAX_PARALLEL_UPLOADS): a farm of slow
// SD cards would otherwise share one uplink and all finish late. Waiters are served in order;
// one whose signal aborts (worker stopping, command given up) leaves the line without a slot.
export class UploadSlots {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error("upload slots: max must be a whole number ≥ 1");
  }

  get inUse(): number {
    return this.active;
  }

  /**
   * Resolves with the slot's release function once one is free. `onWait` is called once, at
   * once, when the caller has to wait. Rejects with the signal's reason if it aborts first.
   */
  acquire(signal: AbortSignal, onWait?: () => void): Promise<() => void> {
    signal.throwIfAborted();
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    onWait?.();
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
