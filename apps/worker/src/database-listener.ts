// One dedicated Postgres connection for LISTEN, reconnecting with backoff when the
// database goes away. Notifications are hints: every listener also polls, so a missed
// notification only delays, never loses, work.
import pg from "pg";
import type { Logger } from "@printernizer/logger";

export class DatabaseListener {
  private client?: pg.Client;
  private stopped = false;
  private attempt = 0;
  private readonly handlers = new Map<string, (payload: string) => void>();
  private readonly retired = new WeakSet<pg.Client>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  on(channel: string, handler: (payload: string) => void): this {
    this.handlers.set(channel, handler);
    return this;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on("notification", (message) => this.handlers.get(message.channel)?.(message.payload ?? ""));
    client.on("error", (error) => {
      this.logger.warn({ err: error }, "LISTEN connection lost; reconnecting");
      this.retry(client);
    });
    client.on("end", () => this.retry(client));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN "${channel}"`);
      this.client = client;
      this.attempt = 0;
    } catch (error) {
      this.logger.debug({ err: error }, "LISTEN connection failed");
      this.retry(client);
    }
  }

  private retry(client: pg.Client): void {
    // 'error' and 'end' both arrive for one failure: reconnect once per client.
    if (this.stopped || this.retired.has(client)) return;
    this.retired.add(client);
    if (this.client === client) this.client = undefined;
    client.removeAllListeners("end");
    client.end().catch(() => {});
    const delay = Math.min(30_000, 500 * 2 ** this.attempt++);
    setTimeout(() => void this.connect(), delay).unref();
  }
}
