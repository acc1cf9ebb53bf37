// The worker's LISTEN side: one `ListenConnection` (reconnects with backoff by itself), typed
// handlers per channel. Notifications are hints: every listener also polls, so a missed
// notification only delays, never loses, work; after a reconnect `onMaybeMissed` runs so the
// owner catches up at once instead of at its next poll. A payload that does not decode is
// ignored with one debug line.
import { ListenConnection } from "@printernizer/db/listen";
import { notificationChannels, type ChannelName, type PayloadOf } from "@printernizer/farm/notify";
import type { Logger } from "@printernizer/logger";

export class DatabaseListener {
  private connection?: ListenConnection;
  private readonly handlers = new Map<string, (raw: string) => void>();
  private readonly resyncs: (() => void)[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Handles the channel's decoded payloads; register every channel before `start`. */
  on<N extends ChannelName>(name: N, handler: (payload: PayloadOf<N>) => void): this {
    const codec = notificationChannels[name];
    this.handlers.set(codec.channel, (raw) => {
      const payload = codec.decode(raw) as PayloadOf<N> | null;
      if (payload === null)
        this.logger.debug(
          { channel: codec.channel, length: raw.length },
          "ignored a notification that is not ours",
        );
      else handler(payload);
    });
    return this;
  }

  /** Runs after the connection came back: notifications sent meanwhile were lost. */
  onMaybeMissed(resync: () => void): this {
    this.resyncs.push(resync);
    return this;
  }

  async start(): Promise<void> {
    this.connection = new ListenConnection({
      databaseUrl: this.databaseUrl,
      channels: [...this.handlers.keys()],
      applicationName: "printernizer-worker",
      backoff: { firstMs: 500, maxMs: 30_000 },
      onNotification: (channel, payload) => this.handlers.get(channel)?.(payload),
      onMaybeMissed: () => {
        this.logger.info("LISTEN connection re-established; catching up");
        for (const resync of this.resyncs) resync();
      },
      onConnectionLost: (error) => this.logger.warn({ err: error }, "LISTEN connection lost; reconnecting"),
      onConnectFailed: (error) => this.logger.debug({ err: error }, "LISTEN connection failed"),
    });
    await this.connection.start();
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
  }
}
