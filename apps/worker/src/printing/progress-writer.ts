// Live progress of an upload command: what PrinterCommand.progress says (step, bytes sent, a
// smoothed rate, ETA, a sentence). Byte counts arrive many times a second; they are written at
// most every `minIntervalMs` (the last one always lands), a step change at once. Writes run one
// after another, never overlapping, and a failed write is a debug line: progress is a view,
// never a reason for an upload to fail.
import type { CommandProgressDetail } from "@printernizer/farm/command-contract";
import type { Logger } from "@printernizer/logger";

export interface ProgressWriterOptions {
  write(detail: CommandProgressDetail): Promise<unknown>;
  logger: Logger;
  minIntervalMs?: number;
  now?: () => number;
}

/** Weight of the newest rate sample: the rate follows a change within a few seconds, without jitter. */
const smoothing = 0.3;
/** Rate samples are taken over at least this long (a single chunk's rate means little). */
const rateWindowMs = 250;

export class ProgressWriter {
  private latest?: CommandProgressDetail;
  private queued?: CommandProgressDetail;
  private closed = false;
  private writtenAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private rate?: number;
  private sample?: { at: number; bytes: number };
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressWriterOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 500;
    this.now = options.now ?? (() => performance.now());
  }

  /** A new step (or sentence): written at once. */
  step(detail: CommandProgressDetail): void {
    this.latest = detail;
    this.writeNow();
  }

  /** Bytes sent so far of `totalBytes`: rate and ETA are derived, written at most every minIntervalMs. */
  bytes(bytesSent: number, totalBytes: number, message = "Uploading the file to the printer"): void {
    const at = this.now();
    if (!this.sample) this.sample = { at, bytes: bytesSent };
    else if (at - this.sample.at >= rateWindowMs) {
      const rate = Math.max(0, ((bytesSent - this.sample.bytes) * 1000) / (at - this.sample.at));
      this.rate = this.rate === undefined ? rate : smoothing * rate + (1 - smoothing) * this.rate;
      this.sample = { at, bytes: bytesSent };
    }
    const rate = this.rate;
    this.latest = {
      step: bytesSent >= totalBytes ? "verifying" : "uploading",
      bytesSent,
      totalBytes,
      ...(rate !== undefined ? { bytesPerSecond: Math.round(rate) } : {}),
      ...(rate ? { etaSeconds: Math.ceil(Math.max(0, totalBytes - bytesSent) / rate) } : {}),
      message: bytesSent >= totalBytes ? "Waiting for the printer to confirm the file" : message,
    };
    const wait = this.writtenAt + this.minIntervalMs - at;
    if (wait <= 0) this.writeNow();
    else this.timer ??= setTimeout(() => this.writeNow(), wait);
  }

  /** The smoothed rate in bytes per second, once known. */
  get bytesPerSecond(): number | undefined {
    return this.rate;
  }

  /** Writes what is still held back and waits for every write; nothing is written after `close`. */
  async close(): Promise<void> {
    this.writeNow();
    this.closed = true;
    await this.chain;
  }

  private writeNow(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const detail = this.latest;
    if (!detail) return;
    this.latest = undefined;
    this.writtenAt = this.now();
    // A write still running: this detail replaces any other waiting behind it (only the newest matters).
    const first = this.queued === undefined;
    this.queued = detail;
    if (first) this.chain = this.chain.then(() => this.writeQueued());
  }

  private async writeQueued(): Promise<void> {
    const detail = this.queued;
    this.queued = undefined;
    if (!detail) return;
    await this.options.write(detail).then(
      () => undefined,
      (error: unknown) => this.options.logger.debug({ err: error }, "upload progress not written"),
    );
  }
}
