// Per printer: the fields changed since its last row went out (including fields that changed
// and changed back: a client that saw the intermediate row through `farm.list` must get the
// value again), when it last went out, and when held-back telemetry may go. Telemetry-only
// changes of a printer go out at most once per `intervalMs`; the farm cache sends transitions
// at once and asks `take` for the fields to put in the patch.
import type { FarmPrinter } from "../farm";

/** Due times are rounded up to this grid, so printers due together go out in one message. */
const slotMs = 50;

export class TelemetryCoalescer {
  private readonly dirty = new Map<string, Set<keyof FarmPrinter>>();
  private readonly lastSent = new Map<string, number>();
  /** Printers with held-back telemetry → the time it may go out. */
  private readonly due = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;

  constructor(
    private readonly intervalMs: number,
    /** Called with the printers whose held-back telemetry is due: send `take(id)` of each. */
    private readonly onDue: (ids: string[]) => void,
  ) {}

  /** Remembers that these fields of the printer changed since its last row went out. */
  note(id: string, fields: Iterable<keyof FarmPrinter>): void {
    let set = this.dirty.get(id);
    if (!set) this.dirty.set(id, (set = new Set()));
    for (const field of fields) set.add(field);
  }

  /** True when the printer's telemetry may go out now (nothing went out within the interval). */
  mayGoNow(id: string, now = Date.now()): boolean {
    const last = this.lastSent.get(id);
    return last === undefined || now - last >= this.intervalMs;
  }

  /** The fields to send for the printer now; from here on it counts as sent. */
  take(id: string, now = Date.now()): (keyof FarmPrinter)[] {
    const fields = [...(this.dirty.get(id) ?? [])];
    this.dirty.delete(id);
    this.due.delete(id);
    this.lastSent.set(id, now);
    return fields;
  }

  /** The printer went out whole (new, or sent again): nothing of it is pending. */
  sentWhole(id: string, now = Date.now()): void {
    this.take(id, now);
  }

  /** Holds the printer's telemetry back until its interval has passed. */
  defer(id: string): void {
    if (this.due.has(id)) return;
    const at = Math.ceil(((this.lastSent.get(id) ?? 0) + this.intervalMs) / slotMs) * slotMs;
    this.due.set(id, at);
    this.arm(at);
  }

  /** The printer is gone. */
  forget(id: string): void {
    this.dirty.delete(id);
    this.due.delete(id);
    this.lastSent.delete(id);
  }

  /** Printers held back right now (for tests and the cache's own checks). */
  get pending(): number {
    return this.due.size;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private arm(at: number): void {
    if (at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    const ready: string[] = [];
    let next = Infinity;
    for (const [id, at] of this.due) {
      if (at <= now && this.mayGoNow(id, now)) ready.push(id);
      else next = Math.min(next, Math.max(at, (this.lastSent.get(id) ?? 0) + this.intervalMs));
    }
    if (ready.length) this.onDue(ready);
    for (const id of ready) this.due.delete(id); // onDue took them; a printer it skipped is dropped
    if (next < Infinity) this.arm(next);
  }
}
