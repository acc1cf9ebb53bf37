// The worker's bounded, ordered write buffer. Everything the worker learns is queued
// here and flushed in order, in batches, in one transaction per flush. When Postgres is
// away the queue keeps filling (up to `maxOps`), the flusher backs off and retries, and
// the printers stay connected. At the bound, telemetry (samples, progress) is dropped
// first and counted; state transitions and events are dropped only past the bound.
export type OpPriority = "critical" | "telemetry";

export interface QueuedOp<T> {
  priority: OpPriority;
  value: T;
  /** When it was queued (ms since epoch): the oldest one tells how long writes have waited. */
  at: number;
}

export interface DropCounts {
  telemetry: number;
  critical: number;
}

export class WriteQueue<T> {
  private ops: QueuedOp<T>[] = [];
  /** Head ops handed to a flush that has not finished yet: never evicted. */
  private inFlight = 0;
  readonly dropped: DropCounts = { telemetry: 0, critical: 0 };

  constructor(private readonly maxOps: number) {}

  get size(): number {
    return this.ops.length;
  }

  push(priority: OpPriority, value: T): void {
    if (this.ops.length >= this.maxOps && !this.makeRoomFor(priority)) {
      this.dropped.telemetry += 1;
      return;
    }
    this.ops.push({ priority, value, at: Date.now() });
  }

  /** When the oldest op still queued was queued; undefined when empty. */
  oldestAt(): number | undefined {
    return this.ops[0]?.at;
  }

  /** The op at the head (the next one a flush takes). */
  peek(): T | undefined {
    return this.ops[0]?.value;
  }

  /** Hands the oldest `count` ops to a flush; they stay queued until `commit` (or `release` on failure). */
  take(count: number): T[] {
    const batch = this.ops.slice(0, count);
    this.inFlight = batch.length;
    return batch.map((op) => op.value);
  }

  /** The first `count` taken ops (all by default) were written or rejected: remove them; the rest stay at the head. */
  commit(count = this.inFlight): void {
    this.ops.splice(0, Math.min(count, this.inFlight));
    this.inFlight = 0;
  }

  /** The write failed: the taken ops stay at the head, to be taken again. */
  release(): void {
    this.inFlight = 0;
  }

  /**
   * Makes room so `incoming` fits; false when the incoming telemetry op itself must go. The
   * oldest telemetry goes first, a tenth of the bound at a time: evicting one op per push
   * (a scan and a splice of a full queue each time) took most of a busy worker's CPU.
   */
  private makeRoomFor(incoming: OpPriority): boolean {
    const evict = Math.max(1, Math.ceil(this.maxOps / 10));
    let evicted = 0;
    const kept = this.ops.slice(0, this.inFlight);
    for (let i = this.inFlight; i < this.ops.length; i++) {
      const op = this.ops[i]!;
      if (evicted < evict && op.priority === "telemetry") evicted++;
      else kept.push(op);
    }
    if (evicted > 0) {
      this.ops = kept;
      this.dropped.telemetry += evicted;
      return true;
    }
    if (incoming === "telemetry") return false;
    if (this.ops.length > this.inFlight) {
      this.ops.splice(this.inFlight, 1);
      this.dropped.critical += 1;
    }
    // else: everything queued is being written; exceed the bound until that flush ends.
    return true;
  }
}
