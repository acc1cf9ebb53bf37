// Publishes a printer's events only when something changed: every adapter hands each fresh
// status to `ChangePublisher.update` and it emits printer_status_updated, temperature_updated,
// job_progress_updated, ams_status_updated, printer_error and the derived job lifecycle events,
// each only when its part of the status differs from the last one published.
// Shared by all adapters (PrusaLink polls, Bambu pushes); it holds no protocol knowledge.
// Everything published goes through the model's bounds first (sanitize-status.ts): this is the
// one door between printers and the worker, so no adapter can let a poison value through.
import type { PrinterEvent, PrinterEventSink } from "./events";
import type { Job, PrinterStatus } from "./model";
import { deriveJobLifecycleEvents } from "./job-lifecycle";
import { sanitizeEvent, sanitizeStatus } from "./sanitize-status";

export class ChangePublisher {
  private last: PrinterStatus | undefined;

  constructor(
    private readonly printerId: string,
    private readonly sink: PrinterEventSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Publishes one event (connection events, protocol errors...), brought within the model's bounds. */
  publish(event: PrinterEvent): void {
    this.emit(sanitizeEvent(event));
  }

  private emit(event: PrinterEvent): void {
    this.sink.publish({ printerId: this.printerId, at: this.now(), event });
  }

  /** The last status handed to `update`, if any. */
  get lastStatus(): PrinterStatus | undefined {
    return this.last;
  }

  /** Compares with the previous status and publishes what changed. Returns the events sent. */
  update(raw: PrinterStatus): PrinterEvent[] {
    const status = sanitizeStatus(raw);
    const previous = this.last;
    this.last = status;
    const events: PrinterEvent[] = [];
    if (!previous || !sameValue(withoutClock(previous), withoutClock(status))) {
      events.push({
        type: "printer_status_updated",
        status,
        ...(previous ? { previousState: previous.state } : {}),
      });
    }
    if (
      !sameValue(previous?.temperatures, status.temperatures) &&
      Object.keys(status.temperatures).length > 0
    ) {
      events.push({ type: "temperature_updated", temperatures: status.temperatures });
    }
    if (status.job && !sameValue(progressOf(previous?.job), progressOf(status.job))) {
      events.push({ type: "job_progress_updated", job: status.job });
    }
    if (!sameValue(previous?.filament ?? [], status.filament))
      events.push({ type: "ams_status_updated", filament: status.filament });
    if (!sameValue(previous?.errors ?? [], status.errors) && status.errors.length > 0)
      events.push({ type: "printer_error", errors: status.errors });
    const gapSeconds = previous
      ? (status.lastCommunication.getTime() - previous.lastCommunication.getTime()) / 1000
      : 0;
    events.push(...deriveJobLifecycleEvents(previous?.job, status.job, { seconds: gapSeconds }));
    // Every event here is made of the status sanitized above: not sanitized a second time.
    for (const event of events) this.emit(event);
    return events;
  }

  /** Forgets the last status, so the next `update` publishes everything again (after a reconnect). */
  reset(): void {
    this.last = undefined;
  }
}

function withoutClock(status: PrinterStatus): Omit<PrinterStatus, "lastCommunication"> {
  const { lastCommunication: _ignored, ...rest } = status;
  return rest;
}

function progressOf(job: Job | undefined): unknown {
  if (!job) return undefined;
  return [job.id, job.state, job.progress, job.layer, job.remainingSeconds, job.elapsedSeconds];
}

/** Structural equality for plain JSON-like data (dates by time). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
