// "Printer offline" and "back online" notifications. The adapters' connection events say when a
// printer this worker owns stops answering; once it has been unreachable for the offline grace
// (PRINTERNIZER_OFFLINE_GRACE_SECONDS, 60 s by default) a printer_offline event is recorded,
// which queues the webhook deliveries in the same transaction as the event (write-ops.ts). When
// the printer answers again, printer_online follows, only if printer_offline was sent. Whether it
// was sent survives a worker restart or a move to another worker: it is the printer's last
// offline/online event in the database. The grace counts from the first failure this worker saw,
// so a worker restart never turns its own downtime into offline notifications.
import type { Db } from "@printernizer/db";
import type { PrinterEventEnvelope } from "@printernizer/printers";

export interface OfflineNotifierOptions {
  db: Db;
  graceMs: number;
  /** Records a worker event for the printer (its webhooks are queued with it). */
  record(printerId: string, type: "printer_offline" | "printer_online", payload: object, at: Date): void;
  now?: () => number;
  /** How often the grace is checked; default min(1 s, grace / 4). */
  checkEveryMs?: number;
}

interface Watched {
  /** Since when this worker has seen the printer unreachable (ms), while it is. */
  offlineSince?: number;
  reason?: string;
  kind?: string;
  /** printer_offline was recorded and printer_online not yet. */
  offlineSent: boolean;
}

export class OfflineNotifier {
  private readonly printers = new Map<string, Watched>();
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: OfflineNotifierOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    const every = this.options.checkEveryMs ?? Math.max(50, Math.min(1_000, this.options.graceMs / 4));
    this.timer = setInterval(() => this.check(), every);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Starts watching a printer; reads whether its offline notification is out (its last offline/online event). */
  async attach(printerId: string): Promise<void> {
    await this.attachMany([printerId]);
  }

  /** `attach` for many printers in one query per 1,000 (a large fleet is attached in one reconcile). */
  async attachMany(printerIds: string[]): Promise<void> {
    for (let i = 0; i < printerIds.length; i += 1_000) {
      const ids = printerIds.slice(i, i + 1_000);
      const last = await this.options.db.$queryRaw<{ printerId: string; type: string }[]>`
        SELECT DISTINCT ON ("printerId") "printerId", "type" FROM "PrinterEvent"
        WHERE "printerId" = ANY(${ids}::text[]) AND "type" IN ('printer_offline', 'printer_online')
        ORDER BY "printerId", "id" DESC`;
      const sent = new Set(last.filter((row) => row.type === "printer_offline").map((row) => row.printerId));
      for (const printerId of ids) this.printers.set(printerId, { offlineSent: sent.has(printerId) });
    }
  }

  detach(printerId: string): void {
    this.printers.delete(printerId);
  }

  /** Follows the adapter's connection events (the fleet hands every event here too). */
  observe({ printerId, at, event }: PrinterEventEnvelope): void {
    const watched = this.printers.get(printerId);
    if (!watched) return;
    switch (event.type) {
      case "printer_connected": {
        if (watched.offlineSent) {
          const since = watched.offlineSince;
          this.options.record(
            printerId,
            "printer_online",
            since !== undefined ? { offlineSeconds: Math.round((at.getTime() - since) / 1000) } : {},
            at,
          );
        }
        this.printers.set(printerId, { offlineSent: false });
        break;
      }
      case "printer_connection_failed":
        this.offline(watched, at, event.error.message, event.error.kind);
        break;
      case "printer_auth_error":
        this.offline(watched, at, event.message, "authentication");
        break;
      case "printer_connection_lost":
        this.offline(watched, at, event.reason, "connection");
        break;
      default:
        break;
    }
  }

  /** Records printer_offline for every printer unreachable for the grace, once. */
  check(): void {
    const now = this.now();
    for (const [printerId, watched] of this.printers) {
      if (watched.offlineSent || watched.offlineSince === undefined) continue;
      if (now - watched.offlineSince < this.options.graceMs) continue;
      watched.offlineSent = true;
      this.options.record(
        printerId,
        "printer_offline",
        {
          since: new Date(watched.offlineSince).toISOString(),
          message: watched.reason ?? "The printer does not answer.",
          kind: watched.kind ?? "connection",
        },
        new Date(now),
      );
    }
  }

  private offline(watched: Watched, at: Date, reason: string, kind: string): void {
    watched.offlineSince ??= at.getTime();
    watched.reason = reason;
    watched.kind = kind;
  }
}
