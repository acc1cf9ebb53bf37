// How an adapter reports a payload it could not use (wrong shape, not JSON, too large, too
// deep): a printer_protocol_error event per distinct problem and a warning log line, both rate
// limited per printer, so a printer that garbles every message can neither flood the log nor the
// event table. The printer stays connected; the bad payload is skipped.
// A payload that was usable without one of its fields (see lenient-parse) is a warning instead: one
// printer_protocol_warning event and warning log line per field an hour (array indices generalized,
// so 5,000 bad HMS entries are one field), at most `warningBurst` fields a minute.
import type { AdapterLogger } from "./adapter";
import type { ChangePublisher } from "./change-publisher";
import { fieldOf, type FieldWarning } from "./lenient-parse";
import { RepeatLimiter } from "./repeat-limiter";

const WARNING_PERIOD_MS = 3_600_000;
/** Fields remembered for the hourly limit; a schema has far fewer, so this only bounds memory. */
const MAX_WARNED_FIELDS = 1_000;

export interface ProtocolProblemsOptions {
  /** Told about every problem (not rate limited), e.g. to show the last one in the adapter's health. */
  onProblem?: (message: string) => void;
  /** Events let through per minute (each also needs a message different from the last one). */
  eventBurst?: number;
  /** Warning events (distinct fields) let through per minute. */
  warningBurst?: number;
  now?: () => number;
}

export class ProtocolProblems {
  private lastPublished: string | undefined;
  private readonly events: RepeatLimiter;
  private readonly logs: RepeatLimiter;
  private readonly onProblem: ((message: string) => void) | undefined;
  private readonly warnings: RepeatLimiter;
  /** Field → when its last warning was published, and how many were held back since. */
  private readonly warnedFields = new Map<string, { at: number; held: number }>();
  private readonly now: () => number;

  constructor(
    private readonly publisher: ChangePublisher,
    private readonly logger: AdapterLogger,
    options: ProtocolProblemsOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.events = new RepeatLimiter({ windowMs: 60_000, burst: options.eventBurst ?? 5, now });
    this.logs = new RepeatLimiter({ windowMs: 60_000, burst: 1, now });
    this.onProblem = options.onProblem;
    this.warnings = new RepeatLimiter({ windowMs: 60_000, burst: options.warningBurst ?? 10, now });
    this.now = now;
  }

  /** Fields dropped from a payload that was otherwise used. `source` names the endpoint (PrusaLink). */
  warn(warnings: readonly FieldWarning[], source?: string): void {
    const now = this.now();
    for (const warning of warnings) {
      const field = `${source ?? ""} ${fieldOf(warning.path)}`;
      const seen = this.warnedFields.get(field);
      if (seen && now - seen.at < WARNING_PERIOD_MS) {
        seen.held += 1;
        continue;
      }
      if (!this.warnings.take("warning")) continue; // over the burst: published once the minute is over
      if (this.warnedFields.size >= MAX_WARNED_FIELDS) this.warnedFields.clear();
      this.warnedFields.set(field, { at: now, held: 0 });
      const message = describe(warning, source);
      this.publisher.publish({
        type: "printer_protocol_warning",
        message,
        path: warning.path,
        ...(source ? { source } : {}),
        valueType: warning.valueType,
        expected: warning.expected,
      });
      this.logger.warn(
        {
          path: warning.path,
          ...(source ? { source } : {}),
          valueType: warning.valueType,
          expected: warning.expected,
          ...(seen && seen.held > 0 ? { repeated: seen.held } : {}),
        },
        "unexpected field from printer; dropped it and used the rest",
      );
    }
  }

  report(message: string, detail?: unknown, kind = "invalid_payload"): void {
    this.onProblem?.(message);
    if (message !== this.lastPublished && this.events.take(kind)) {
      this.lastPublished = message;
      this.publisher.publish({
        type: "printer_protocol_error",
        message,
        ...(detail !== undefined ? { detail } : {}),
      });
    }
    const allowed = this.logs.take(kind);
    if (allowed)
      this.logger.warn(
        {
          err: message.slice(0, 500),
          kind,
          ...(allowed.suppressed > 0 ? { suppressed: allowed.suppressed } : {}),
        },
        "invalid payload from printer",
      );
  }

  /** A good payload arrived: the next problem, even the same one again, is news. */
  clear(): void {
    this.lastPublished = undefined;
  }
}

function describe(warning: FieldWarning, source: string | undefined): string {
  const got =
    warning.excerpt !== undefined
      ? `${warning.valueType} ${JSON.stringify(warning.excerpt)}`
      : warning.valueType;
  const dropped =
    warning.dropped === warning.path ? "dropped it" : `dropped ${warning.dropped || "the payload"}`;
  return `${source ? `${source}: ` : ""}${warning.path}: expected ${warning.expected}, got ${got}; ${dropped}`;
}
