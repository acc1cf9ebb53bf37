// The worker's bounded, ordered write buffer. Everything the worker learns is queued
// here and flushed in order, in batches, in one transaction per flush. When Postgres is
// away the queue keeps filling (up to `maxOps`), the flusher backs off and retries, and
// the printers stay connected. At the bound, telemetry (samples, progress) is dropped
// first and counted; state transitions and events are dropped only past the bound.
export type OpPriority = "critical" | "telemetry";

export interface QueuedOp<T> {
  priority: OpPriority;
  value: T;
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
    this.ops.push({ priority, value });
  }

  /** Hands the oldest `count` ops to a flush; they stay queued until `commit` (or `release` on failure). */
  take(count: number): T[] {
    const batch = this.ops.slice(0, count);
    this.inFlight = batch.length;
    return batch.map((op) => op.value);
  }

  /** The taken ops were written: remove them. */
  commit(): void {
    this.ops.splice(0, this.inFlight);
    this.inFlight = 0;
  }

  /** The write failed: the taken ops stay at the head, to be taken again. */
  release(): void {
    this.inFlight = 0;
  }

  /** Evicts one op so `incoming` fits; false when the incoming telemetry op itself must go. */
  private makeRoomFor(incoming: OpPriority): boolean {
    for (let i = this.inFlight; i < this.ops.length; i++) {
      if (this.ops[i]?.priority === "telemetry") {
        this.ops.splice(i, 1);
        this.dropped.telemetry += 1;
        return true;
      }
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
