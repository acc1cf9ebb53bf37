// How an adapter reports a payload it could not use (wrong shape, not JSON, too large, too
// deep): a printer_protocol_error event per distinct problem and a warning log line, both rate
// limited per printer, so a printer that garbles every message can neither flood the log nor the
// event table. The printer stays connected; the bad payload is skipped.
import type { AdapterLogger } from "./adapter";
import type { ChangePublisher } from "./change-publisher";
import { RepeatLimiter } from "./repeat-limiter";

export interface ProtocolProblemsOptions {
  /** Told about every problem (not rate limited), e.g. to show the last one in the adapter's health. */
  onProblem?: (message: string) => void;
  /** Events let through per minute (each also needs a message different from the last one). */
  eventBurst?: number;
  now?: () => number;
}

export class ProtocolProblems {
  private lastPublished: string | undefined;
  private readonly events: RepeatLimiter;
  private readonly logs: RepeatLimiter;
  private readonly onProblem: ((message: string) => void) | undefined;

  constructor(
    private readonly publisher: ChangePublisher,
    private readonly logger: AdapterLogger,
    options: ProtocolProblemsOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.events = new RepeatLimiter({ windowMs: 60_000, burst: options.eventBurst ?? 5, now });
    this.logs = new RepeatLimiter({ windowMs: 60_000, burst: 1, now });
    this.onProblem = options.onProblem;
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
