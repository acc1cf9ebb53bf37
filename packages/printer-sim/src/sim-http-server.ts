// The simulator framework's HTTP server: a real node:http server on a loopback address that
// counts TCP connections (tests assert "never more than N sockets per printer"), applies injected
// faults before the simulator's handler runs, and can go away (close listener + every socket)
// and come back on the same address and port, like a printer switched off and on.
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Faults } from "./faults";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ConnectionCounters {
  open: number;
  peakOpen: number;
  totalAccepted: number;
  requests: number;
  /** Responses sent, by status code (e.g. how many 304s a client got). */
  statuses: Record<number, number>;
}

export class SimHttpServer {
  readonly faults = new Faults();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private counters: ConnectionCounters = {
    open: 0,
    peakOpen: 0,
    totalAccepted: 0,
    requests: 0,
    statuses: {},
  };
  private boundPort = 0;
  private hanging = new Set<ServerResponse>();

  constructor(
    private readonly host: string,
    private readonly requestedPort: number,
    private readonly handler: RequestHandler,
  ) {}

  get address(): { host: string; port: number } {
    return { host: this.host, port: this.boundPort };
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  connections(): ConnectionCounters {
    return { ...this.counters, statuses: { ...this.counters.statuses }, open: this.sockets.size };
  }

  resetCounters(): void {
    this.counters = {
      open: this.sockets.size,
      peakOpen: this.sockets.size,
      totalAccepted: 0,
      requests: 0,
      statuses: {},
    };
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => void this.onRequest(req, res));
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      this.counters.totalAccepted += 1;
      this.counters.peakOpen = Math.max(this.counters.peakOpen, this.sockets.size);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      // Reuse the port after the first start so a "come back" lands where clients expect it.
      server.listen(this.boundPort || this.requestedPort, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === "object") this.boundPort = address.port;
    this.server = server;
  }

  /** Closes the listener and destroys every connection (printer switched off / network gone). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Destroys open connections but keeps listening (a dropped Wi-Fi link, a firmware socket reset). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counters.requests += 1;
    res.on("finish", () => {
      this.counters.statuses[res.statusCode] = (this.counters.statuses[res.statusCode] ?? 0) + 1;
    });
    const faults = this.faults.current;
    if (faults.dropConnections) {
      req.socket.destroy();
      return;
    }
    if (faults.hang) {
      this.hanging.add(res);
      res.on("close", () => this.hanging.delete(res));
      return;
    }
    if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const failure = this.faults.takeFailure();
    if (failure !== undefined) {
      req.resume();
      res.writeHead(failure, { "content-type": "text/plain" }).end(`${failure}: Injected failure\n\n\n`);
      return;
    }
    try {
      await this.handler(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`500: Internal Server Error\n\n${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}
