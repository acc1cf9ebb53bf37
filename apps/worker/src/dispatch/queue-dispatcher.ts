// The farm queue's dispatcher in this worker: wakes on queueChanged and printerUpdates
// notifications and on a timer, and then runs, one at a time: settle starts a dead worker left
// behind on this worker's printers, one dispatch tick (dispatch-tick.ts), and pre-staging.
// Each worker dispatches only to the printers it owns: it has their freshest state and does
// their uploads. Notifications are hints; the timer alone would do it, only slower.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";
import { dispatchTick } from "./dispatch-tick";
import { settleOrphanedStarts, type CurrentStatus } from "./orphaned-starts";
import { prestageTick } from "./prestage";

export interface QueueDispatcherOptions {
  db: Db;
  workerId: string;
  ownedPrinterIds(): string[];
  /**
   * Whether this worker's adapter of the printer is connected right now. Only such printers are
   * dispatched to: right after a takeover the LiveStatus row may still say what the previous
   * owner last saw until the new connection reports.
   */
  isConnected(printerId: string): boolean;
  /** Asks a connected printer for its status now (to settle a start a dead worker was sending). */
  currentStatus: CurrentStatus;
  logger: Logger;
  /** The safety-net timer (default 5 s). */
  tickMs?: number;
  /** Rounds start at least this far apart, however many notifications arrive (default 500 ms). */
  minGapMs?: number;
}

export class QueueDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastRoundAt = 0;
  private delayed?: NodeJS.Timeout;

  constructor(private readonly options: QueueDispatcherOptions) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.tickMs ?? 5_000);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.delayed);
    await this.running;
  }

  /** Runs a round now, or once more right after the one running (wakes meanwhile share it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.delayed) return;
    const wait = this.lastRoundAt + (this.options.minGapMs ?? 500) - Date.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = undefined;
        this.wake();
      }, wait);
      return;
    }
    this.lastRoundAt = Date.now();
    this.running = this.round()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "queue dispatch failed"))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async round(): Promise<void> {
    const { db, workerId, logger } = this.options;
    const owned = this.options.ownedPrinterIds();
    if (!owned.length) return;
    const settled = await settleOrphanedStarts(db, owned, this.options.currentStatus);
    if (settled) logger.warn({ settled }, "settled starts and uploads a stopped worker left unfinished");
    const [waiting] = await db.$queryRaw<{ any: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "QueueEntry" WHERE "status" = 'queued' AND "copiesStarted" < "copies") AS "any"`;
    if (!waiting?.any) return;
    const connected = owned.filter((id) => this.options.isConnected(id));
    const outcome = await dispatchTick(db, workerId, connected);
    if ("started" in outcome)
      for (const start of outcome.started) logger.info(start, "queue entry dispatched");
    const staged = await prestageTick(db, workerId, connected);
    for (const staging of staged) logger.info(staging, "pre-staging the next file");
  }
}
