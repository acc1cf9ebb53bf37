// One dedicated Postgres connection that LISTENs on a set of channels and stays listening:
// when the connection drops (database restarted, backend terminated, network gone) it
// reconnects with exponential backoff and LISTENs again. Postgres does not queue
// notifications for a listener that is away, so every connection after the first attempt
// tells the owner that notifications may have been missed (`onMaybeMissed`): the owner
// resyncs from the rows. Payloads arrive as the raw strings; decoding is the owner's.
import pg from "pg";

export interface ListenOptions {
  databaseUrl: string;
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** Listening again after a dropped connection or a failed first attempt: notifications sent meanwhile are lost. */
  onMaybeMissed?(): void;
  /** An established connection dropped; a reconnect follows after the backoff delay. */
  onConnectionLost?(error: unknown): void;
  /** A connection attempt failed; the next one follows after the backoff delay. */
  onConnectFailed?(error: unknown): void;
  /** Delay before the n-th consecutive retry: `firstMs · 2ⁿ`, at most `maxMs`. */
  backoff?: { firstMs: number; maxMs: number };
  /** `application_name` of the connection, so it can be told apart in `pg_stat_activity`. */
  applicationName?: string;
}

export class ListenConnection {
  private client?: pg.Client;
  private stopped = false;
  private attempts = 0;
  private failuresInARow = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly options: ListenOptions) {}

  /** True while a connection is up and LISTENing on every channel. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Makes the first attempt; resolves when it succeeded or failed (a failure retries in the background), never rejects. */
  start(): Promise<void> {
    return this.connect();
  }

  /** Closes the connection and cancels any pending reconnect. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { databaseUrl, channels, applicationName } = this.options;
    const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
    const firstAttempt = this.attempts++ === 0;
    let retired = false;
    // 'error', 'end' and a rejected query can all report one failure: act on the first.
    const retire = (error: unknown) => {
      if (retired) return;
      retired = true;
      const wasListening = this.client === client;
      if (wasListening) this.client = undefined;
      client.end().catch(() => {});
      if (this.stopped) return;
      if (wasListening) this.options.onConnectionLost?.(error);
      else this.options.onConnectFailed?.(error);
      const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.failuresInARow++);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
      this.retryTimer.unref();
    };
    // A listener on 'error' stays for the client's life: an unhandled 'error' would crash the process.
    client.on("error", retire);
    client.on("end", () => retire(new Error("LISTEN connection ended")));
    client.on("notification", (message) => {
      if (!retired && !this.stopped) this.options.onNotification(message.channel, message.payload ?? "");
    });
    try {
      await client.connect();
      for (const channel of channels) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      retire(error);
      return;
    }
    if (retired) return;
    if (this.stopped) {
      retired = true;
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.failuresInARow = 0;
    if (!firstAttempt) this.options.onMaybeMissed?.();
  }

  private get backoff(): { firstMs: number; maxMs: number } {
    return this.options.backoff ?? { firstMs: 250, maxMs: 10_000 };
  }
}
