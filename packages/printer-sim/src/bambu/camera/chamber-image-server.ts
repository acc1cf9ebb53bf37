// The P1/A1 camera of the simulator: TLS on the camera port (6000 on a real printer) with the
// device certificate; the client's 80-byte auth packet must name bblp and the access code (else
// the connection is closed without a byte, as the firmware does); then one frame per interval,
// the 16-byte header in its own TLS record and the JPEG in 4 KiB records.
import type { AddressInfo } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import type { CameraCounters } from "./camera-counters";

export interface ChamberImageServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  accessCode: () => string;
  frame: () => Buffer;
  frameIntervalMs: number;
  counters: CameraCounters;
}

const AUTH_BYTES = 80;
const CHUNK_BYTES = 4096;

export class ChamberImageServer {
  private server: Server | undefined;
  private readonly sockets = new Set<TLSSocket>();
  private timer: NodeJS.Timeout | undefined;
  private readonly watching = new Set<TLSSocket>();

  constructor(private readonly options: ChamberImageServerOptions) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  async start(port = this.options.port): Promise<void> {
    const { key, cert } = this.options;
    const server = createServer({ key, cert, minVersion: "TLSv1.2", maxVersion: "TLSv1.2" }, (socket) =>
      this.accept(socket),
    );
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.options.host, () => resolve());
    });
    this.server = server;
    this.timer = setInterval(() => this.sendFrame(), this.options.frameIntervalMs);
  }

  setCertificate(key: string, cert: string): void {
    this.server?.setSecureContext({ key, cert, minVersion: "TLSv1.2", maxVersion: "TLSv1.2" });
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.dropConnections();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: TLSSocket): void {
    const counters = this.options.counters;
    this.sockets.add(counters.opened(socket));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.watching.delete(socket);
    });
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < AUTH_BYTES) return;
      socket.off("data", onData);
      if (!this.authorized(received.subarray(0, AUTH_BYTES))) {
        counters.refused += 1;
        socket.destroy();
        return;
      }
      this.watching.add(socket);
      this.sendTo(socket, this.options.frame());
    };
    socket.on("data", onData);
  }

  private authorized(packet: Buffer): boolean {
    const field = (start: number) =>
      packet
        .subarray(start, start + 32)
        .toString("utf8")
        .replace(/\0+$/, "");
    return (
      packet.readUInt32LE(0) === 0x40 &&
      packet.readUInt32LE(4) === 0x3000 &&
      field(16) === "bblp" &&
      field(48) === this.options.accessCode()
    );
  }

  private sendFrame(): void {
    if (this.watching.size === 0) return;
    const jpeg = this.options.frame();
    for (const socket of this.watching) this.sendTo(socket, jpeg);
  }

  private sendTo(socket: TLSSocket, jpeg: Buffer): void {
    // A client that does not keep up misses frames rather than queueing them.
    if (socket.writableLength > 2 * jpeg.length) return;
    const header = Buffer.alloc(16);
    header.writeUInt32LE(jpeg.length, 0);
    header.writeUInt32LE(1, 8);
    socket.write(header);
    for (let i = 0; i < jpeg.length; i += CHUNK_BYTES) socket.write(jpeg.subarray(i, i + CHUNK_BYTES));
  }
}
