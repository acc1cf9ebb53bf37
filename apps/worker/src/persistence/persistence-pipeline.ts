// Turns adapter events into rows: current status (transitions at once, telemetry
// coalesced per printer), the event log, job rows and temperature samples. It is the
// worker's PrinterEventSink; publish() never blocks and never throws, so a slow or
// absent database cannot stall a printer connection.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";
import type {
  Job,
  PrinterEventEnvelope,
  PrinterEventSink,
  PrinterState,
  PrinterStatus,
} from "@printernizer/printers";
import type { AdapterHealthSnapshot, PrinterMemory } from "./printer-memory";
import { loadPrinterMemories } from "./printer-memory-load";
import { insertRejections, rejectionRecord, RejectionLog, type RejectionReason } from "./rejected-writes";
import { classifyWriteError, type ClassifiedWriteError } from "./write-errors";
import { isolatePoison } from "./write-isolation";
import { WriteQueue, type OpPriority } from "./write-queue";
import { newJobId, writeBatch, type JobOutcome, type StatusRow, type WriteOp } from "./write-ops";

export interface PersistenceOptions {
  /** Telemetry-only status changes are written at most this often per printer. */
  statusCoalesceMs: number;
  /**
   * A transition (a state, connection, job or error change, an event) is flushed this soon after
   * it is queued instead of at the next tick: one transaction for everything queued by then.
   */
  transitionFlushMs: number;
  /**
   * An open job's progress row is updated at most this often (the dashboard reads progress from
   * LiveStatus); its state changes and its final values at the end are written at once.
   */
  jobProgressIntervalMs: number;
  /** Temperature samples for charts: at most one per printer per interval. */
  sampleIntervalMs: number;
  /** Telemetry events (temperatures, progress) go to the event log at most this often per printer and type. */
  telemetryEventIntervalMs: number;
  maxQueuedOps: number;
  flushIntervalMs: number;
  maxBatchOps: number;
  /** An op (or status row) larger than this, serialized, is rejected before it reaches the database. */
  maxOpBytes: number;
  /** Time limit of one batch transaction. */
  transactionTimeoutMs: number;
  /** Writes waiting longer than this make the worker unhealthy (PRINTERNIZER_WRITE_STALL_MS). */
  writeStallMs: number;
}

export const defaultPersistenceOptions: PersistenceOptions = {
  statusCoalesceMs: 2_000,
  transitionFlushMs: 25,
  jobProgressIntervalMs: 30_000,
  sampleIntervalMs: 30_000,
  telemetryEventIntervalMs: 30_000,
  maxQueuedOps: 100_000,
  flushIntervalMs: 200,
  maxBatchOps: 2_000,
  maxOpBytes: 1024 * 1024,
  transactionTimeoutMs: 5_000,
  writeStallMs: 15_000,
};

/** A lone op that times out this often, or fails in an unknown way this often, is given up on. */
const giveUpAfter = { timeout: 2, unknown: 3 } as const;

export interface PersistenceStats {
  queued: number;
  droppedTelemetry: number;
  droppedCritical: number;
  databaseUp: boolean;
  eventsReceived: number;
  lastBatch?: { ops: number; statuses: number; ms: number };
  /** Ops and status rows given up on, by reason (recorded in RejectedWrite). */
  rejected: Record<RejectionReason, number>;
  /** Batch transactions that failed (a failing batch is retried or split, never forever). */
  failedWrites: number;
}

export interface WriteHealth {
  /** True when a write has waited longer than `thresholdMs`. */
  stalled: boolean;
  thresholdMs: number;
  /** The oldest write still waiting for the database. */
  oldestPendingAt?: Date;
  lastCommitAt?: Date;
}

/** One thing a batch writes: a queued op, or a printer's status row. */
type Item = { op: WriteOp } | { row: StatusRow; memory: PrinterMemory; version: number };

export interface PersistenceHooks {
  onEvent?(): void;
  /** A job row was opened (the worker then fetches its thumbnail). */
  onJobOpened?(printerId: string, jobId: string, job: Job): void;
  onBatch?(batch: { ops: number; statuses: number; ms: number }): void;
  onRejected?(reason: RejectionReason): void;
}

const telemetryEvents = new Set(["temperature_updated", "job_progress_updated", "ams_status_updated"]);
const activeJobStates = new Set(["PREPARING", "PRINTING", "PAUSED"]);
const endedOutcome: Record<string, JobOutcome> = {
  job_completed: "completed",
  job_failed: "failed",
  job_cancelled: "cancelled",
};

export class PersistencePipeline implements PrinterEventSink {
  private readonly memory = new Map<string, PrinterMemory>();
  private readonly queue: WriteQueue<WriteOp>;
  private readonly options: PersistenceOptions;
  private timer?: NodeJS.Timeout;
  private running = false;
  /** The flush a transition asked for, `transitionFlushMs` after it was queued. */
  private soonTimer?: NodeJS.Timeout;
  /** A transition is queued that no flush has taken yet. */
  private urgent = false;
  private flushing?: Promise<void>;
  private databaseUp = true;
  private retryAt = 0;
  private failures = 0;
  private eventsReceived = 0;
  private lastBatch?: { ops: number; statuses: number; ms: number };
  private lastCommitAt?: number;
  private failedWrites = 0;
  private readonly rejections: RejectionLog;
  /** Lone attempts that failed without a clear verdict, per op object or printer memory. */
  private readonly suspects = new WeakMap<object, number>();

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly logger: Logger,
    options: Partial<PersistenceOptions> = {},
    private readonly hooks: PersistenceHooks = {},
  ) {
    this.options = { ...defaultPersistenceOptions, ...options };
    this.queue = new WriteQueue(this.options.maxQueuedOps);
    this.rejections = new RejectionLog(
      (fields, message) => this.logger.warn(fields, message),
      hooks.onRejected,
    );
  }

  start(): void {
    this.running = true;
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Flushes what is queued (best effort, bounded in time) and stops. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
    this.soonTimer = undefined;
    this.retryAt = 0;
    const deadline = Date.now() + timeoutMs;
    while (
      Date.now() < deadline &&
      (this.queue.size > 0 || this.dirtyCount() > 0 || this.rejections.size > 0)
    ) {
      await this.flush(true);
      if (!this.databaseUp) await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Loads what the database knows of a printer (its open job, its last state) before its adapter starts. */
  async attach(printerId: string): Promise<void> {
    await this.attachMany([printerId]);
  }

  /** `attach` for many printers in two queries (a large fleet is attached in one reconcile). */
  async attachMany(printerIds: string[]): Promise<void> {
    for (const memory of await loadPrinterMemories(this.db, printerIds)) {
      this.memory.set(memory.printerId, memory);
    }
  }

  /**
   * The printer left this worker (disabled, removed, or handed to another worker). Nothing more is
   * written for it from here: its next owner writes its status. Queued ops still flush in order.
   */
  detach(printerId: string): void {
    this.memory.delete(printerId);
  }

  /** Records a job's stored thumbnail (queued after the job's own row, so it always lands). */
  setJobThumbnail(printerId: string, jobId: string, blob: { sha256: string; size: number }): void {
    this.push("critical", { t: "jobThumbnail", printerId, id: jobId, sha256: blob.sha256, size: blob.size });
  }

  /** An event the worker derives itself (printer_offline / printer_online): logged, and its webhooks queued, like an adapter's. */
  recordWorkerEvent(printerId: string, type: string, payload: object, at: Date): void {
    this.push("critical", { t: "event", printerId, type, payload, at });
  }

  /** The adapter's connection health (reconnects, circuit), kept in the status row for the web. */
  setHealth(printerId: string, health: AdapterHealthSnapshot): void {
    const memory = this.memory.get(printerId);
    if (!memory) return;
    const before = JSON.stringify(memory.health);
    const after = JSON.stringify(health);
    if (before === after) return;
    memory.health = health;
    memory.touch();
  }

  stats(): PersistenceStats {
    return {
      queued: this.queue.size,
      droppedTelemetry: this.queue.dropped.telemetry,
      droppedCritical: this.queue.dropped.critical,
      databaseUp: this.databaseUp,
      eventsReceived: this.eventsReceived,
      lastBatch: this.lastBatch,
      rejected: { ...this.rejections.counts },
      failedWrites: this.failedWrites,
    };
  }

  /** Whether writes reach the database: stalled when one has waited past the threshold. */
  writeHealth(now = Date.now()): WriteHealth {
    let oldest: number | undefined;
    const consider = (at: number | undefined) => {
      if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at;
    };
    consider(this.queue.oldestAt());
    consider(this.rejections.oldestAt());
    for (const m of this.memory.values()) if (m.isDirty()) consider(m.dirtySince);
    return {
      stalled: oldest !== undefined && now - oldest > this.options.writeStallMs,
      thresholdMs: this.options.writeStallMs,
      oldestPendingAt: oldest === undefined ? undefined : new Date(oldest),
      lastCommitAt: this.lastCommitAt === undefined ? undefined : new Date(this.lastCommitAt),
    };
  }

  publish(envelope: PrinterEventEnvelope): void {
    try {
      this.handle(envelope);
    } catch (error) {
      this.logger.error(
        { err: error, printerId: envelope.printerId, type: envelope.event.type },
        "could not record a printer event",
      );
    }
  }

  private handle(envelope: PrinterEventEnvelope): void {
    this.eventsReceived++;
    this.hooks.onEvent?.();
    const memory = this.memory.get(envelope.printerId);
    if (!memory) return; // not (or no longer) ours
    const wasPending = memory.transitionPending;
    this.apply(memory, envelope);
    if (memory.transitionPending && !wasPending) this.flushSoon();
  }

  private apply(memory: PrinterMemory, { printerId, at, event }: PrinterEventEnvelope): void {
    const now = at.getTime();
    // A status event is history only when the state changed: no "printing → printing" rows (the
    // current status itself is in LiveStatus).
    const unchangedStatus = event.type === "printer_status_updated" && event.status.state === memory.state;
    const isTelemetry = telemetryEvents.has(event.type);
    if (!isTelemetry && !unchangedStatus) {
      const payload = eventPayload(event, memory.state);
      this.push("critical", { t: "event", printerId, type: event.type, payload, at });
    } else if (
      isTelemetry &&
      now - (memory.lastTelemetryEventAt.get(event.type) ?? 0) >= this.options.telemetryEventIntervalMs
    ) {
      memory.lastTelemetryEventAt.set(event.type, now);
      this.push("telemetry", { t: "event", printerId, type: event.type, payload: eventPayload(event), at });
    }

    switch (event.type) {
      case "printer_status_updated":
        this.onStatus(memory, event.status, at);
        break;
      case "temperature_updated":
        if (memory.status) memory.status = { ...memory.status, temperatures: event.temperatures };
        this.sample(memory, event.temperatures, at);
        memory.touch();
        break;
      case "ams_status_updated":
        if (memory.status) memory.status = { ...memory.status, filament: event.filament };
        memory.touch();
        break;
      case "job_progress_updated":
        this.jobUpdate(memory, event.job, at, false);
        break;
      case "job_started":
        this.openJob(memory, event.job, at);
        break;
      case "job_paused":
      case "job_resumed":
        this.jobUpdate(memory, event.job, at, true);
        break;
      case "job_completed":
      case "job_failed":
      case "job_cancelled":
        this.closeJob(memory, event.job, endedOutcome[event.type]!, at);
        break;
      case "job_vanished":
        // The printer never said how it ended; a cancel we asked for is the one thing we know.
        this.closeJob(
          memory,
          event.job,
          memory.cancelRequestedFor === event.job.id ? "cancelled" : "unknown",
          at,
        );
        break;
      case "job_cancel_requested":
        memory.cancelRequestedFor = event.jobId;
        break;
      case "printer_connected":
        // Right after attach the state is the one the previous owner last saw (a printer taken
        // over, a restart): it says "connected" only with this connection's first status, or
        // readiness (the start check, the dispatcher) would trust that old state as current.
        memory.connected = memory.status !== undefined;
        memory.lastError = undefined;
        memory.transitionPending = true;
        memory.touch();
        break;
      case "printer_connection_lost":
      case "printer_disconnected":
      case "printer_connection_failed":
      case "printer_auth_error": {
        memory.connected = false;
        if (event.type === "printer_connection_failed") memory.lastError = event.error;
        else if (event.type === "printer_auth_error")
          memory.lastError = { kind: "authentication", message: event.message };
        else if (event.type === "printer_connection_lost")
          memory.lastError = { kind: "connection", message: event.reason };
        memory.setState("offline", at);
        memory.transitionPending = true;
        break;
      }
      default:
        break;
    }
  }

  private onStatus(memory: PrinterMemory, status: PrinterStatus, at: Date): void {
    memory.status = status;
    memory.connected = status.state !== "offline";
    memory.setState(status.state, at);
    this.sample(memory, status.temperatures, at);
    const job = status.job;
    // Safety net for adapters that report a running job without a job_started (e.g. the first
    // report after a worker restart): continue the open job row, or open one. A different job
    // while one is open is left to the lifecycle events that follow this status (the end of the
    // open one with its real outcome, then job_started): opening here would end it as unknown.
    if (job && activeJobStates.has(job.state)) {
      if (!memory.openJob) this.openJob(memory, job, at);
      else if (this.matchesOpenJob(memory, job))
        this.jobUpdate(memory, job, at, memory.openJob.state !== job.state);
    } else if (job && memory.openJob && this.matchesOpenJob(memory, job)) {
      const outcome: JobOutcome | undefined =
        job.state === "COMPLETED"
          ? "completed"
          : job.state === "CANCELLED"
            ? "cancelled"
            : job.state === "FAILED"
              ? "failed"
              : undefined;
      if (outcome) this.closeJob(memory, job, outcome, at);
    }
  }

  private matchesOpenJob(memory: PrinterMemory, job: Job): boolean {
    return sameJob(memory.openJob, job);
  }

  private openJob(memory: PrinterMemory, job: Job, at: Date): void {
    if (this.matchesOpenJob(memory, job)) {
      this.jobUpdate(memory, job, at, true);
      return;
    }
    if (memory.openJob)
      this.push("critical", {
        t: "jobClose",
        printerId: memory.printerId,
        id: memory.openJob.id,
        outcome: "unknown",
        at,
      });
    const id = newJobId();
    memory.openJob = { id, externalId: job.id, name: job.name, state: job.state, lastUpdateAt: at.getTime() };
    this.push("critical", { t: "jobOpen", printerId: memory.printerId, id, job, at });
    this.hooks.onJobOpened?.(memory.printerId, id, job);
  }

  private jobUpdate(memory: PrinterMemory, job: Job, at: Date, stateChange: boolean): void {
    const open = memory.openJob;
    if (!open || !this.matchesOpenJob(memory, job)) return;
    if (!stateChange && at.getTime() - open.lastUpdateAt < this.options.jobProgressIntervalMs) return;
    open.lastUpdateAt = at.getTime();
    open.state = job.state;
    this.push(stateChange ? "critical" : "telemetry", {
      t: "jobUpdate",
      printerId: memory.printerId,
      id: open.id,
      job,
      at,
    });
  }

  private closeJob(memory: PrinterMemory, job: Job, outcome: JobOutcome, at: Date): void {
    if (!memory.openJob || !this.matchesOpenJob(memory, job)) {
      if (memory.openJob) return; // an end for a job we do not track; the open one stays open
      if (sameJob(memory.lastClosedJob, job)) return; // already closed (status and event both report the end)
      // We saw only the end (the worker started after the print): record it whole.
      const id = newJobId();
      this.push("critical", { t: "jobOpen", printerId: memory.printerId, id, job, at });
      this.push("critical", { t: "jobClose", printerId: memory.printerId, id, job, outcome, at });
      return;
    }
    this.push("critical", {
      t: "jobClose",
      printerId: memory.printerId,
      id: memory.openJob.id,
      job,
      outcome,
      at,
    });
    memory.lastClosedJob = { externalId: memory.openJob.externalId, name: memory.openJob.name };
    memory.openJob = undefined;
    // The cancel asked for this print is spent: a later print under the same id (the legacy
    // PrusaLink API names a job by its file) that vanishes was not cancelled by us.
    memory.cancelRequestedFor = undefined;
  }

  private sample(memory: PrinterMemory, temperatures: PrinterStatus["temperatures"], at: Date): void {
    if (!temperatures.nozzle && !temperatures.bed && !temperatures.chamber) return;
    if (at.getTime() - memory.lastSampleAt < this.options.sampleIntervalMs) return;
    memory.lastSampleAt = at.getTime();
    this.push("telemetry", { t: "sample", printerId: memory.printerId, at, temperatures });
  }

  private push(priority: OpPriority, op: WriteOp): void {
    const bytes = op.t === "sample" || op.t === "jobThumbnail" ? 0 : serializedLength(op);
    if (bytes > this.options.maxOpBytes) this.rejectTooLarge(op.printerId, op.t, bytes, op);
    else {
      this.queue.push(priority, op);
      if (priority === "critical") this.flushSoon();
    }
  }

  /** A transition was queued: flush it `transitionFlushMs` from now rather than at the next tick. */
  private flushSoon(): void {
    this.urgent = true;
    if (!this.running || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.flush();
    }, this.options.transitionFlushMs);
  }

  private rejectTooLarge(printerId: string, opType: string, bytes: number, op: unknown): void {
    this.rejections.add(
      rejectionRecord({
        printerId,
        opType,
        reason: "too_large",
        message: `${bytes} bytes, more than the ${this.options.maxOpBytes} allowed`,
        op,
      }),
    );
  }

  private dirtyCount(): number {
    let n = 0;
    for (const m of this.memory.values()) if (m.isDirty()) n++;
    return n;
  }

  /** One flush; concurrent callers share it. */
  flush(force = false): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!force && Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.flushOnce().finally(() => {
      this.flushing = undefined;
      // A transition queued while this flush ran: the next flush comes soon, not at the tick.
      if (this.urgent) this.flushSoon();
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const now = Date.now();
    try {
      await this.rejections.flush(
        (records) => insertRejections(this.db, this.workerId, records),
        (e) => classifyWriteError(e).class !== "rejected",
      );
    } catch (error) {
      this.failed(classifyWriteError(error), error);
      return;
    }
    this.urgent = false;
    // An op that already failed alone is retried alone, before anything else.
    const head = this.queue.peek();
    const suspect = head !== undefined && this.suspects.has(head);
    const ops = this.queue.take(suspect ? 1 : this.options.maxBatchOps);
    const due = suspect
      ? []
      : [...this.memory.values()].filter(
          (m) =>
            m.isDirty() &&
            (m.transitionPending || now - m.lastStatusWriteAt >= this.options.statusCoalesceMs),
        );
    const items: Item[] = ops.map((op) => ({ op }));
    for (const memory of due) {
      const version = memory.version;
      const row = memory.toRow();
      const bytes = serializedLength(row);
      if (bytes <= this.options.maxOpBytes) items.push({ row, memory, version });
      else {
        this.rejectTooLarge(row.printerId, "status", bytes, row);
        memory.markWritten(version, now);
      }
    }
    if (items.length === 0) return;
    try {
      await this.write(items);
      this.settle(items, items.length, now);
      this.recovered();
    } catch (error) {
      this.failedWrites++;
      const first = classifyWriteError(error);
      if (first.class === "transient") {
        this.queue.release();
        this.failed(first, error);
        return;
      }
      const result = await isolatePoison(items, first, {
        write: (part) =>
          this.write(part).catch((e: unknown) => {
            this.failedWrites++;
            throw e;
          }),
        giveUp: (item, why) => this.giveUp(item, why),
        reject: (item, why) => this.reject(item, why),
      });
      this.settle(items, result.completed, now);
      if (result.stopped) this.failed(result.stopped, error);
      else this.recovered();
    }
  }

  /** One transaction for these items; on success the time of the last commit moves. */
  private async write(items: Item[]): Promise<void> {
    const ops: WriteOp[] = [];
    const rows: StatusRow[] = [];
    for (const item of items) {
      if ("op" in item) ops.push(item.op);
      else rows.push(item.row);
    }
    const started = performance.now();
    await writeBatch(this.db, ops, rows, this.workerId, this.options.transactionTimeoutMs, (error) =>
      this.logger.warn({ err: error }, "print start / plate bookkeeping not written"),
    );
    this.lastCommitAt = Date.now();
    this.lastBatch = { ops: ops.length, statuses: rows.length, ms: performance.now() - started };
    this.hooks.onBatch?.(this.lastBatch);
  }

  /** Items [0, completed) were written or rejected: drop those ops from the queue, mark those statuses written. */
  private settle(items: Item[], completed: number, flushStartedAt: number): void {
    let ops = 0;
    items.forEach((item, i) => {
      if ("op" in item) {
        if (i < completed) ops++;
      } else if (i < completed) {
        item.memory.markWritten(item.version, flushStartedAt);
        this.suspects.delete(item.memory);
      }
    });
    this.queue.commit(ops);
  }

  private giveUp(item: Item, why: ClassifiedWriteError): boolean {
    if (why.class === "rejected") return true;
    const key = "op" in item ? item.op : item.memory;
    const attempts = (this.suspects.get(key) ?? 0) + 1;
    this.suspects.set(key, attempts);
    return attempts >= (why.class === "timeout" ? giveUpAfter.timeout : giveUpAfter.unknown);
  }

  private reject(item: Item, why: ClassifiedWriteError): void {
    const reason: RejectionReason =
      why.class === "timeout" ? "timeout" : why.class === "unknown" ? "unknown" : "rejected";
    const printerId = "op" in item ? item.op.printerId : item.row.printerId;
    const opType = "op" in item ? item.op.t : "status";
    this.rejections.add(
      rejectionRecord({ printerId, opType, reason, error: why, op: "op" in item ? item.op : item.row }),
    );
  }

  private recovered(): void {
    if (!this.databaseUp)
      this.logger.info({ queued: this.queue.size }, "database is back; flushing buffered writes");
    this.databaseUp = true;
    this.failures = 0;
  }

  /** Backs off: transient errors until the database is back, a lone suspect op until its next try. */
  private failed(why: ClassifiedWriteError, error: unknown): void {
    this.failures++;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
    this.retryAt = Date.now() + delay;
    if (this.databaseUp)
      this.logger.warn(
        { err: error, class: why.class, sqlState: why.sqlState, queued: this.queue.size },
        "database write failed; buffering and retrying",
      );
    this.databaseUp = false;
  }
}

function serializedLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function sameJob(known: { externalId?: string; name: string } | undefined, job: Job): boolean {
  if (!known) return false;
  return known.externalId !== undefined && job.id ? known.externalId === job.id : known.name === job.name;
}

/** Event payloads without the bulky/duplicated parts (full status snapshots are in LiveStatus). */
function eventPayload(event: PrinterEventEnvelope["event"], storedState?: PrinterState): unknown {
  if (event.type === "printer_status_updated") {
    const s = event.status;
    return {
      state: s.state,
      // The state recorded before (also across reconnects, where the adapter starts afresh).
      previousState: storedState ?? event.previousState,
      rawState: s.rawState,
      job: s.job?.name,
      errors: s.errors,
    };
  }
  const { type: _type, ...rest } = event;
  return rest;
}
