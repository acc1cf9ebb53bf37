// An event sink for fuzz and poison tests: checks every event an adapter publishes against the
// model's schemas and the storage bounds (clean strings, finite numbers, bounded depth, JSON
// serializable), records what breaks them, and lets a test await the next event that matches.
import { z } from "zod";
import type { PrinterEvent, PrinterEventEnvelope, PrinterEventSink } from "../core/events";
import {
  FilamentSlotSchema,
  JobSchema,
  MODEL_LIMITS,
  PrinterErrorSchema,
  PrinterStatusSchema,
  TemperaturesSchema,
} from "../core/model";
import { isCleanText } from "../core/sanitize";

const schemas: Partial<Record<PrinterEvent["type"], z.ZodType>> = {
  printer_status_updated: z.object({ status: PrinterStatusSchema }),
  job_progress_updated: z.object({ job: JobSchema }),
  job_started: z.object({ job: JobSchema }),
  job_paused: z.object({ job: JobSchema }),
  job_resumed: z.object({ job: JobSchema }),
  job_completed: z.object({ job: JobSchema }),
  job_failed: z.object({ job: JobSchema }),
  job_cancelled: z.object({ job: JobSchema }),
  job_vanished: z.object({ job: JobSchema }),
  temperature_updated: z.object({ temperatures: TemperaturesSchema }),
  ams_status_updated: z.object({ filament: z.array(FilamentSlotSchema).max(MODEL_LIMITS.filament) }),
  printer_error: z.object({ errors: z.array(PrinterErrorSchema).max(MODEL_LIMITS.errors) }),
  printer_protocol_error: z.object({ message: z.string().max(MODEL_LIMITS.text) }),
  printer_protocol_warning: z.object({
    message: z.string().max(MODEL_LIMITS.text),
    path: z.string().max(MODEL_LIMITS.text),
    valueType: z.string(),
    expected: z.string(),
  }),
};

/** Why `event` could not be stored as is, or undefined. Iterative walk. */
export function eventViolation(event: PrinterEvent): string | undefined {
  const schema = schemas[event.type];
  const parsed = schema?.safeParse(event);
  if (parsed && !parsed.success)
    return `${event.type}: ${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")}`;
  const stack: Array<{ v: unknown; depth: number }> = [{ v: event, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === "string" && !isCleanText(v, MODEL_LIMITS.path))
      return `${event.type}: unclean or overlong string`;
    if (typeof v === "number" && !Number.isFinite(v)) return `${event.type}: non-finite number`;
    if (typeof v !== "object" || v === null || v instanceof Date) continue;
    if (depth > 40) return `${event.type}: nested deeper than 40`;
    for (const [key, child] of Object.entries(v)) {
      if (!isCleanText(key, MODEL_LIMITS.text)) return `${event.type}: unclean key`;
      stack.push({ v: child, depth: depth + 1 });
    }
  }
  try {
    JSON.stringify(event);
  } catch (error) {
    return `${event.type}: not serializable (${String(error)})`;
  }
  return undefined;
}

interface Waiter {
  match(event: PrinterEvent): boolean;
  resolve(event: PrinterEvent): void;
}

export class CheckingSink implements PrinterEventSink {
  readonly violations: string[] = [];
  readonly counts = new Map<PrinterEvent["type"], number>();
  total = 0;
  /** The last few events, for the message of a failed wait. */
  private readonly recent: string[] = [];
  private readonly waiters = new Set<Waiter>();

  publish(envelope: PrinterEventEnvelope): void {
    const { event } = envelope;
    this.total += 1;
    this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
    this.recent.push(JSON.stringify(event).slice(0, 300));
    if (this.recent.length > 5) this.recent.shift();
    const violation = eventViolation(event);
    if (violation && this.violations.length < 20) this.violations.push(violation);
    for (const waiter of this.waiters) {
      if (waiter.match(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  }

  count(type: PrinterEvent["type"]): number {
    return this.counts.get(type) ?? 0;
  }

  /** Resolves with the next published event that matches; rejects after `timeoutMs`. */
  next<T extends PrinterEvent>(
    match: (event: PrinterEvent) => event is T,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  next(match: (event: PrinterEvent) => boolean, what: string, timeoutMs?: number): Promise<PrinterEvent>;
  next(match: (event: PrinterEvent) => boolean, what: string, timeoutMs = 10_000): Promise<PrinterEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; last events:\n${this.recent.join("\n")}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.waiters.add(waiter);
    });
  }
}
