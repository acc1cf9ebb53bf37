// One LISTEN connection per web process, fanned out to every browser stream. The worker
// NOTIFYs small payloads ({ p: printerId, c: [...] }) after each committed write; printer
// row changes arrive on their own channel (a trigger). Subscribers get printer ids in
// small batches (coalesced over `batchMs`), never the farm state.
import { EventEmitter } from "node:events";
import pg from "pg";
import { channels } from "@printernizer/db/channels";

export interface PrinterChange {
  printerId: string;
  changes: string[];
}

export interface PrinterUpdatesHubOptions {
  databaseUrl: string;
  batchMs?: number;
  onError?(error: unknown): void;
}

export class PrinterUpdatesHub {
  private readonly emitter = new EventEmitter();
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private pending = new Map<string, Set<string>>();
  private flushTimer?: NodeJS.Timeout;
  private attempt = 0;
  private subscribers = 0;
  /** Bumped on every (re)connect, so streams know they may have missed notifications. */
  generation = 0;

  constructor(private readonly options: PrinterUpdatesHubOptions) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` with batches of changed printers until the returned function is called. */
  subscribe(listener: (batch: PrinterChange[]) => void, onReconnect?: () => void): () => void {
    this.subscribers++;
    this.emitter.on("batch", listener);
    if (onReconnect) this.emitter.on("reconnect", onReconnect);
    void this.ensureConnected();
    return () => {
      this.subscribers--;
      this.emitter.off("batch", listener);
      if (onReconnect) this.emitter.off("reconnect", onReconnect);
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      this.options.onError?.(error);
      const delay = Math.min(10_000, 250 * 2 ** this.attempt++);
      setTimeout(() => void this.ensureConnected(), delay).unref();
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("LISTEN connection ended")));
    client.on("notification", (message) => this.onNotification(message.channel, message.payload ?? ""));
    try {
      await client.connect();
      await client.query(`LISTEN "${channels.printerUpdates}"`);
      await client.query(`LISTEN "${channels.printersChanged}"`);
      this.client = client;
      this.attempt = 0;
      this.generation++;
      if (this.generation > 1) this.emitter.emit("reconnect");
    } catch (error) {
      fail(error);
    }
  }

  private onNotification(channel: string, payload: string): void {
    let printerId: string;
    let changes: string[];
    if (channel === channels.printersChanged) {
      printerId = payload;
      changes = ["printer"];
    } else {
      try {
        const parsed = JSON.parse(payload) as { p?: unknown; c?: unknown };
        if (typeof parsed.p !== "string") return;
        printerId = parsed.p;
        changes = Array.isArray(parsed.c) ? parsed.c.filter((c): c is string => typeof c === "string") : [];
      } catch {
        return;
      }
    }
    const set = this.pending.get(printerId) ?? new Set<string>();
    for (const c of changes) set.add(c);
    this.pending.set(printerId, set);
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
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    await client?.end().catch(() => {});
  }
}
