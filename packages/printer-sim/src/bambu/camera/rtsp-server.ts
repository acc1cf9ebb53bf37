// The X1/H2 camera of the simulator: RTSP over TLS (port 322 on a real printer, device
// certificate), Basic auth as bblp + access code, one MJPEG video track (RTP payload 26) sent
// interleaved on the RTSP connection (RTP/AVP/TCP) once a client PLAYs. The RTP packets come
// from one ffmpeg child per printer (rtp-encoder.ts), running only while someone plays.
import type { AddressInfo } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";
import type { CameraCounters } from "./camera-counters";
import { RtpEncoder } from "./rtp-encoder";

export interface RtspServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  accessCode: () => string;
  frame: () => Buffer;
  frameIntervalMs: number;
  counters: CameraCounters;
}

interface Request {
  method: string;
  headers: Map<string, string>;
}

const SDP = [
  "v=0",
  "o=- 0 0 IN IP4 127.0.0.1",
  "s=Printernizer simulated camera",
  "c=IN IP4 0.0.0.0",
  "t=0 0",
  "m=video 0 RTP/AVP 26",
  "a=rtpmap:26 JPEG/90000",
  "a=control:streamid=0",
  "",
].join("\r\n");

export class RtspServer {
  private server: Server | undefined;
  private readonly sockets = new Set<TLSSocket>();
  private readonly playing = new Set<TLSSocket>();
  private encoder: RtpEncoder | undefined;
  private session = 0;

  constructor(private readonly options: RtspServerOptions) {}

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
  }

  setCertificate(key: string, cert: string): void {
    this.server?.setSecureContext({ key, cert, minVersion: "TLSv1.2", maxVersion: "TLSv1.2" });
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropConnections();
    await this.encoder?.stop();
    this.encoder = undefined;
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: TLSSocket): void {
    this.sockets.add(this.options.counters.opened(socket));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.playing.delete(socket);
      if (this.playing.size === 0) void this.stopEncoder();
    });
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (buffer.length > 64 * 1024) return socket.destroy();
        if (buffer[0] === 0x24) {
          // Interleaved data from the client (RTCP receiver reports): skipped.
          if (buffer.length < 4) return;
          const end = 4 + buffer.readUInt16BE(2);
          if (buffer.length < end) return;
          buffer = buffer.subarray(end);
          continue;
        }
        const headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const request = parseRequest(buffer.subarray(0, headerEnd).toString("latin1"));
        const bodyBytes = Number(request.headers.get("content-length") ?? 0) || 0;
        if (buffer.length < headerEnd + 4 + bodyBytes) return;
        buffer = buffer.subarray(headerEnd + 4 + bodyBytes);
        this.handle(socket, request);
      }
    });
  }

  private handle(socket: TLSSocket, request: Request): void {
    const cseq = request.headers.get("cseq") ?? "0";
    const reply = (status: string, headers: Record<string, string> = {}, body = "") => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq}`];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
    };
    if (request.method === "OPTIONS")
      return reply("200 OK", { Public: "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER" });
    if (!this.authorized(request.headers.get("authorization"))) {
      this.options.counters.refused += 1;
      return reply("401 Unauthorized", { "WWW-Authenticate": 'Basic realm="BambuLab"' });
    }
    const session = String(10_000_000 + this.session);
    switch (request.method) {
      case "DESCRIBE":
        return reply("200 OK", { "Content-Type": "application/sdp" }, SDP);
      case "SETUP": {
        const transport = request.headers.get("transport") ?? "";
        if (!/RTP\/AVP\/TCP/i.test(transport)) return reply("461 Unsupported Transport");
        this.session += 1;
        return reply("200 OK", {
          Transport: "RTP/AVP/TCP;unicast;interleaved=0-1",
          Session: `${String(10_000_000 + this.session)};timeout=60`,
        });
      }
      case "PLAY":
        reply("200 OK", { Session: session, Range: "npt=0.000-" });
        this.playing.add(socket);
        this.startEncoder();
        return;
      case "GET_PARAMETER":
        return reply("200 OK", { Session: session });
      case "TEARDOWN":
        reply("200 OK", { Session: session });
        socket.end();
        return;
      default:
        return reply("405 Method Not Allowed");
    }
  }

  private authorized(header: string | undefined): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
    if (!match) return false;
    return Buffer.from(match[1]!, "base64").toString("utf8") === `bblp:${this.options.accessCode()}`;
  }

  private startEncoder(): void {
    if (this.encoder) return;
    this.encoder = new RtpEncoder({
      host: this.options.host,
      frame: this.options.frame,
      frameIntervalMs: this.options.frameIntervalMs,
      onPacket: (packet, rtcp) => this.broadcast(packet, rtcp ? 1 : 0),
    });
    this.encoder.start().catch(() => this.dropConnections());
  }

  private async stopEncoder(): Promise<void> {
    const encoder = this.encoder;
    this.encoder = undefined;
    await encoder?.stop();
  }

  private broadcast(packet: Buffer, channel: number): void {
    const header = Buffer.alloc(4);
    header[0] = 0x24;
    header[1] = channel;
    header.writeUInt16BE(packet.length, 2);
    const framed = Buffer.concat([header, packet]);
    for (const socket of this.playing) if (socket.writableLength < 1024 * 1024) socket.write(framed);
  }
}

function parseRequest(text: string): Request {
  const [first = "", ...lines] = text.split("\r\n");
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { method: first.split(" ")[0]?.toUpperCase() ?? "", headers };
}
