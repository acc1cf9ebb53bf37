// One LISTEN connection per web process, fanned out to every browser stream. The worker
// NOTIFYs a small payload per printer it wrote (status, events, jobs); printer row changes
// arrive on their own channel (a trigger). Subscribers get printer ids in small batches
// (coalesced over `batchMs`), never the farm state. The connection is `ListenConnection`
// (reconnects by itself); after a reconnect subscribers hear that they may have missed
// changes, and a payload that does not decode is ignored (`onMalformed`).
import { EventEmitter } from "node:events";
import { channels } from "@printernizer/db/channels";
import { ListenConnection } from "@printernizer/db/listen";
import { decodeNotification, type PrinterChangeKind } from "../notify";

export interface PrinterChange {
  printerId: string;
  /** "printer" when the printer row itself changed. */
  changes: (PrinterChangeKind | "printer")[];
}

export interface PrinterUpdatesHubOptions {
  databaseUrl: string;
  batchMs?: number;
  /** The LISTEN connection failed or dropped; the hub reconnects by itself. */
  onError?(error: unknown): void;
  /** A notification whose payload is not one of ours was ignored. */
  onMalformed?(channel: string, payload: string): void;
}

export class PrinterUpdatesHub {
  private readonly emitter = new EventEmitter();
  private connection?: ListenConnection;
  private pending = new Map<string, Set<PrinterChange["changes"][number]>>();
  private flushTimer?: NodeJS.Timeout;
  private started: Promise<void> = Promise.resolve();

  constructor(private readonly options: PrinterUpdatesHubOptions) {
    this.emitter.setMaxListeners(0);
  }

  /**
   * Calls `listener` with batches of changed printers until the returned function is called;
   * `onReconnect` when the LISTEN connection was re-established (changes may have been missed).
   */
  subscribe(listener: (batch: PrinterChange[]) => void, onReconnect?: () => void): () => void {
    this.emitter.on("batch", listener);
    if (onReconnect) this.emitter.on("reconnect", onReconnect);
    this.listen();
    return () => {
      this.emitter.off("batch", listener);
      if (onReconnect) this.emitter.off("reconnect", onReconnect);
    };
  }

  /** Opens the LISTEN connection on the first subscription; it stays open until `close`. */
  private listen(): void {
    if (this.connection || this.closing.signal.aborted) return;
    const onError = (error: unknown) => this.options.onError?.(error);
    this.connection = new ListenConnection({
      databaseUrl: this.options.databaseUrl,
      channels: [channels.printerUpdates, channels.printersChanged],
      applicationName: "printernizer-web-live",
      backoff: { firstMs: 250, maxMs: 10_000 },
      onNotification: (channel, payload) => this.onNotification(channel, payload),
      onMaybeMissed: () => this.emitter.emit("reconnect"),
      onConnectionLost: onError,
      onConnectFailed: onError,
    });
    this.started = this.connection.start();
  }

  /**
   * Resolves once the first LISTEN attempt after `subscribe` is done (listening, or failed:
   * then the reconnect that follows reports `onReconnect`). Read rows after this, not before,
   * and no change between the read and the LISTEN is lost.
   */
  whenListening(): Promise<void> {
    return this.started;
  }

  private onNotification(channel: string, payload: string): void {
    const notification = decodeNotification(channel, payload);
    let change: PrinterChange;
    if (notification?.name === "printersChanged")
      change = { printerId: notification.payload, changes: ["printer"] };
    else if (notification?.name === "printerUpdates") change = notification.payload;
    else return this.options.onMalformed?.(channel, payload);
    const set = this.pending.get(change.printerId) ?? new Set();
    for (const c of change.changes) set.add(c);
    this.pending.set(change.printerId, set);
    this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 50);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = [...this.pending].map(([printerId, set]) => ({ printerId, changes: [...set] }));
    this.pending.clear();
    if (batch.length) this.emitter.emit("batch", batch);
  }

  private readonly closing = new AbortController();

  /** Aborted when the hub closes: every stream on it ends (so a web process can shut down). */
  get closedSignal(): AbortSignal {
    return this.closing.signal;
  }

  async close(): Promise<void> {
    this.closing.abort();
    clearTimeout(this.flushTimer);
    await this.connection?.stop();
  }
}
