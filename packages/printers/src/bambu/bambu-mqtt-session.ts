// One MQTT connection to one printer. The TLS socket is opened and its certificate verified
// first (bambu-certificate), then handed to MQTT.js, so the access code never goes to an
// untrusted peer. MQTT.js's own reconnect is off: the core connection manager decides when to
// reconnect, so there is never more than one connection per printer (P1/A1 brokers serve few).
import { randomBytes } from "node:crypto";
import { MqttClient } from "mqtt";
import {
  PrinterAuthenticationError,
  PrinterConnectionError,
  PrinterMqttError,
  PrinterTimeoutError,
  type PrinterIntegrationError,
} from "../core/errors";
import { connectVerified, type TrustSettings } from "./bambu-certificate";
import { onAbort } from "../core/timeouts";
import { PacketSizeGuard } from "./bambu-packet-guard";

export interface SessionOptions {
  host: string;
  port: number;
  accessCode: string;
  trust: TrustSettings;
  keepaliveSeconds: number;
  signal: AbortSignal;
  /** Larger MQTT packets are dropped unread (see bambu-packet-guard) and reported here. */
  maxPacketBytes: number;
  onOversize(remainingLength: number): void;
  onMessage(payload: Buffer): void;
  /** Called once when an established session ends without `close()` being called. */
  onLost(error: PrinterIntegrationError): void;
}

/** CONNACK return codes 4 (bad user name or password) and 5 (not authorized). */
const AUTH_CODES = new Set([4, 5, 134, 135]);

export class BambuMqttSession {
  private closed = false;
  private socket: { destroy(): void } | undefined;

  private constructor(
    private readonly client: MqttClient,
    readonly fingerprint: string,
    private readonly serial: string,
  ) {}

  static async open(options: SessionOptions): Promise<BambuMqttSession> {
    const { socket, fingerprint } = await connectVerified(
      options.host,
      options.port,
      options.trust,
      options.signal,
    );
    const serial = options.trust.serial;
    const guarded = new PacketSizeGuard(socket, options.maxPacketBytes, options.onOversize);
    const client = new MqttClient(() => guarded, {
      protocolVersion: 4, // MQTT 3.1.1, as every Bambu client uses
      clientId: `printernizer_${randomBytes(6).toString("hex")}`,
      username: "bblp",
      password: options.accessCode,
      clean: true,
      keepalive: options.keepaliveSeconds,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
      resubscribe: false,
    });
    const session = new BambuMqttSession(client, fingerprint, serial);
    // Listeners are removed by reference only: MQTT.js has its own "close"/"error" handlers.
    let onConnect = () => {};
    let onError = (_error: Error & { code?: number | string }) => {};
    let onClose = () => {};
    let stopListening = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        stopListening = onAbort(options.signal, () =>
          reject(new PrinterTimeoutError(`MQTT handshake with ${options.host} timed out`)),
        );
        onConnect = () => resolve();
        onError = (error) => {
          if (typeof error.code === "number" && AUTH_CODES.has(error.code)) {
            reject(
              new PrinterAuthenticationError(
                "the printer refused the LAN access code (MQTT not authorized); check the code shown on the printer",
                { cause: error },
              ),
            );
          } else reject(new PrinterMqttError(`MQTT error: ${error.message}`, { cause: error }));
        };
        onClose = () =>
          reject(new PrinterConnectionError("the printer closed the MQTT connection during the handshake"));
        client.once("connect", onConnect);
        client.on("error", onError);
        client.once("close", onClose);
      });
      stopListening();
      // Under the same deadline: a broker that answers pings but never acknowledges the subscribe
      // must not hold the connect attempt (and a stop waiting for it) forever.
      await new Promise<void>((resolve, reject) => {
        stopListening = onAbort(options.signal, () =>
          reject(new PrinterTimeoutError(`MQTT subscribe on ${options.host} timed out`)),
        );
        client.subscribeAsync(`device/${serial}/report`, { qos: 0 }).then(() => resolve(), reject);
      });
    } catch (error) {
      await session.close();
      throw error;
    } finally {
      stopListening();
      client.off("connect", onConnect);
      client.off("error", onError);
      client.off("close", onClose);
    }
    client.on("message", (_topic, payload) => options.onMessage(payload));
    client.on("error", () => undefined); // followed by "close", which is what we act on
    client.once("close", () => {
      if (session.closed) return;
      session.closed = true;
      options.onLost(new PrinterConnectionError("the MQTT connection to the printer was closed"));
    });
    socket.once("close", () => {
      // Belt and braces: a socket closed under MQTT.js must end the session even if no "close" follows.
      if (session.closed) return;
      session.closed = true;
      options.onLost(new PrinterConnectionError("the connection to the printer was closed"));
    });
    session.socket = socket;
    return session;
  }

  get open(): boolean {
    return !this.closed && this.client.connected;
  }

  /** Commands go out with QoS 1: busy printers ignore QoS 0 requests. */
  async publish(message: object): Promise<void> {
    if (!this.open) throw new PrinterConnectionError("not connected to the printer");
    await this.client.publishAsync(`device/${this.serial}/request`, JSON.stringify(message), { qos: 1 });
  }

  /** Ends the connection at once (no waiting for in-flight messages). Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    // end(force) normally calls back at once; the timer covers a client stuck mid-handshake.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1_000);
      this.client.end(true, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.socket?.destroy();
  }
}
