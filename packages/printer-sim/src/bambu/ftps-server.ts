// An implicit-FTPS server shaped after the printers' vsFTPd: TLS from the first byte (port 990),
// TLS 1.2 only, user `bblp` + access code, passive mode, `PBSZ 0`/`PROT P`, and — like vsFTPd's
// `require_ssl_reuse` — a protected data connection must resume the control connection's TLS
// session, or the transfer is refused with 522. LIST gives unix lines; NLST gives full paths on
// X1 and bare names on P1/A1 (the quirk clients must cope with). STOR writes into the SD card
// with the real cards' rate and final-reply quirks (ftps-upload.ts); SIZE sees partial files.
import { randomBytes } from "node:crypto";
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from "node:net";
import { posix } from "node:path";
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from "node:tls";
import type { SdCard } from "./sd-card";
import { receiveUpload, type UploadBehaviour, type UploadCounters } from "./ftps-upload";

export interface FtpsServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  accessCode: () => string;
  card: SdCard;
  /** NLST answers with full paths (X1) or bare names (P1/A1). */
  nlstFullPaths: boolean;
  /** Rate, capacity and final-reply quirks of STOR, read at the start of each upload. */
  upload: () => UploadBehaviour;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function listDate(date: Date, now: Date): string {
  const month = MONTHS[date.getUTCMonth()]!;
  const day = String(date.getUTCDate()).padStart(2, " ");
  const recent = now.getTime() - date.getTime() < 180 * 24 * 3600 * 1000 && date.getTime() <= now.getTime();
  if (recent)
    return `${month} ${day} ${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
  return `${month} ${day}  ${date.getUTCFullYear()}`;
}

function listLine(kind: "d" | "-", size: number, modified: Date, name: string): string {
  const mode = kind === "d" ? "drwxr-xr-x" : "-rw-r--r--";
  return `${mode}    ${kind === "d" ? 2 : 1} 1000     1000     ${String(size).padStart(8, " ")} ${listDate(modified, new Date())} ${name}`;
}

export class FtpsServer {
  private server: TlsServer | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly dataServers = new Set<NetServer>();
  // Shared by the control and data servers so a data connection can resume the control session.
  private readonly ticketKeys = randomBytes(48);
  private key: string;
  private cert: string;
  /** Data connections refused because they did not reuse the TLS session. */
  refusedDataConnections = 0;
  logins = 0;
  /** Files sent whole (RETR answered 226), per path. */
  readonly retrievals = new Map<string, number>();
  readonly uploads: UploadCounters = { started: 0, stored: 0, refused: 0, bytes: 0 };

  resetCounters(): void {
    this.refusedDataConnections = 0;
    this.logins = 0;
    this.retrievals.clear();
    Object.assign(this.uploads, { started: 0, stored: 0, refused: 0, bytes: 0 });
  }

  constructor(private readonly options: FtpsServerOptions) {
    this.key = options.key;
    this.cert = options.cert;
  }

  private boundPort: number | undefined;

  /** The listening port (kept after `stop`, so the printer comes back on the same one). */
  get port(): number {
    return this.boundPort ?? this.options.port;
  }

  private tlsOptions() {
    return {
      key: this.key,
      cert: this.cert,
      minVersion: "TLSv1.2" as const,
      maxVersion: "TLSv1.2" as const,
      ticketKeys: this.ticketKeys,
    };
  }

  async start(port = this.options.port): Promise<void> {
    const server = createTlsServer(this.tlsOptions(), (socket) => this.session(socket));
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.options.host, () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  setCertificate(key: string, cert: string): void {
    this.key = key;
    this.cert = cert;
    this.server?.setSecureContext(this.tlsOptions());
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    for (const data of this.dataServers) data.close();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private session(control: TLSSocket): void {
    this.sockets.add(control);
    control.on("close", () => this.sockets.delete(control));
    control.on("error", () => undefined);
    const reply = (text: string) => {
      if (!control.destroyed) control.write(`${text}\r\n`);
    };
    let user: string | undefined;
    let authed = false;
    let cwd = "/";
    let protect = false;
    let pending: Promise<Socket | undefined> | undefined;
    let buffer = "";
    let queue = Promise.resolve();

    const openPassive = async (): Promise<number> => {
      const server: NetServer = protect ? createTlsServer(this.tlsOptions()) : createNetServer();
      this.dataServers.add(server);
      await new Promise<void>((resolve) => server.listen(0, this.options.host, () => resolve()));
      const port = (server.address() as AddressInfo).port;
      pending = new Promise<Socket | undefined>((resolve) => {
        const done = (socket: Socket | undefined) => {
          server.close();
          this.dataServers.delete(server);
          resolve(socket);
        };
        const timer = setTimeout(() => done(undefined), 10_000);
        server.once(protect ? "secureConnection" : "connection", (socket: Socket) => {
          clearTimeout(timer);
          socket.on("error", () => undefined);
          this.sockets.add(socket);
          socket.on("close", () => this.sockets.delete(socket));
          if (protect && !(socket as TLSSocket).isSessionReused()) {
            this.refusedDataConnections += 1;
            socket.destroy();
            done(undefined);
            return;
          }
          done(socket);
        });
        server.on("tlsClientError", () => undefined);
      });
      return port;
    };

    const takeData = async (): Promise<Socket | undefined> => {
      const data = await pending;
      pending = undefined;
      return data;
    };

    const resolvePath = (arg: string | undefined) => posix.resolve(cwd, arg && arg.length > 0 ? arg : ".");
    const card = this.options.card;
    const isDir = (path: string) => card.dirs.has(path) || path === "/";
    const children = (dir: string) => {
      const prefix = dir === "/" ? "/" : `${dir}/`;
      const dirs = [...card.dirs].filter(
        (d) => d !== dir && d.startsWith(prefix) && !d.slice(prefix.length).includes("/"),
      );
      const files = [...card.files.entries()].filter(
        ([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"),
      );
      return { dirs, files };
    };

    const handle = async (line: string): Promise<void> => {
      const space = line.indexOf(" ");
      const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
      const arg = space < 0 ? undefined : line.slice(space + 1);
      if (verb === "USER") {
        user = arg;
        return reply("331 Please specify the password.");
      }
      if (verb === "PASS") {
        if (user === "bblp" && arg === this.options.accessCode()) {
          authed = true;
          this.logins += 1;
          return reply("230 Login successful.");
        }
        return reply("530 Login incorrect.");
      }
      if (verb === "QUIT") {
        reply("221 Goodbye.");
        control.end();
        return;
      }
      if (!authed) return reply("530 Please login with USER and PASS.");
      switch (verb) {
        case "SYST":
          return reply("215 UNIX Type: L8");
        case "FEAT":
          return reply(
            "211-Features:\r\n EPSV\r\n MDTM\r\n PASV\r\n PBSZ\r\n PROT\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End",
          );
        case "OPTS":
          return reply(
            arg?.toUpperCase().startsWith("UTF8") ? "200 Always in UTF8 mode." : "501 Option not understood.",
          );
        case "PBSZ":
          return reply("200 PBSZ set to 0.");
        case "PROT":
          protect = arg?.toUpperCase() === "P";
          return reply(protect ? "200 PROT now Private." : "200 PROT now Clear.");
        case "TYPE":
          return reply(
            arg?.toUpperCase().startsWith("A")
              ? "200 Switching to ASCII mode."
              : "200 Switching to Binary mode.",
          );
        case "STRU":
        case "MODE":
        case "NOOP":
          return reply("200 OK.");
        case "PWD":
          return reply(`257 "${cwd}" is the current directory`);
        case "CWD": {
          const target = resolvePath(arg);
          if (!isDir(target)) return reply("550 Failed to change directory.");
          cwd = target;
          return reply("250 Directory successfully changed.");
        }
        case "CDUP":
          cwd = posix.dirname(cwd);
          return reply("250 Directory successfully changed.");
        case "EPSV": {
          const port = await openPassive();
          return reply(`229 Entering Extended Passive Mode (|||${port}|)`);
        }
        case "PASV": {
          const port = await openPassive();
          return reply(
            `227 Entering Passive Mode (${this.options.host.split(".").join(",")},${port >> 8},${port & 0xff}).`,
          );
        }
        case "SIZE": {
          const file = card.files.get(resolvePath(arg));
          return reply(file ? `213 ${file.data.length}` : "550 Could not get file size.");
        }
        case "MDTM": {
          const file = card.files.get(resolvePath(arg));
          if (!file) return reply("550 Could not get file modification time.");
          return reply(`213 ${file.modified.toISOString().replace(/[-:T]/g, "").slice(0, 14)}`);
        }
        case "LIST":
        case "NLST": {
          if (!pending) return reply("425 Use PORT or PASV first.");
          const target = resolvePath(arg?.replace(/^-\w+\s*/, ""));
          reply("150 Here comes the directory listing.");
          const data = await takeData();
          if (!data) return reply("522 SSL connection failed: session reuse required");
          let lines: string[] = [];
          if (isDir(target)) {
            const { dirs, files } = children(target);
            if (verb === "LIST") {
              lines = [
                ...dirs.map((d) => listLine("d", 4096, new Date(Date.UTC(2025, 5, 1)), posix.basename(d))),
                ...files.map(([p, f]) => listLine("-", f.data.length, f.modified, posix.basename(p))),
              ];
            } else {
              const names = [...dirs, ...files.map(([p]) => p)];
              lines = names.map((p) => (this.options.nlstFullPaths ? p : posix.basename(p)));
            }
          }
          data.end(lines.map((l) => `${l}\r\n`).join(""));
          await new Promise((resolve) => data.once("close", resolve));
          return reply("226 Directory send OK.");
        }
        case "RETR": {
          const path = resolvePath(arg);
          const file = card.files.get(path);
          if (!file) {
            await takeData().then((d) => d?.destroy());
            return reply("550 Failed to open file.");
          }
          if (!pending) return reply("425 Use PORT or PASV first.");
          reply(`150 Opening BINARY mode data connection for ${path} (${file.data.length} bytes).`);
          const data = await takeData();
          if (!data) return reply("522 SSL connection failed: session reuse required");
          // Written in 64 KiB chunks with backpressure, like a real transfer.
          for (let offset = 0; offset < file.data.length && !data.destroyed; offset += 65_536) {
            if (!data.write(file.data.subarray(offset, offset + 65_536)))
              await new Promise((resolve) => data.once("drain", resolve));
          }
          data.end();
          await new Promise((resolve) => data.once("close", resolve));
          this.retrievals.set(path, (this.retrievals.get(path) ?? 0) + 1);
          return reply("226 Transfer complete.");
        }
        case "STOR": {
          const path = resolvePath(arg);
          const behaviour = this.options.upload();
          if (!behaviour.cardInserted || !isDir(posix.dirname(path)) || isDir(path)) {
            await takeData().then((d) => d?.destroy());
            return reply("550 Failed to open file.");
          }
          if (!pending) return reply("425 Use PORT or PASV first.");
          reply("150 Ok to send data.");
          const data = await takeData();
          if (!data) return reply("522 SSL connection failed: session reuse required");
          const outcome = await receiveUpload(data, card, path, behaviour, this.uploads);
          if (outcome === "full") {
            reply("451 Failure writing to local file.");
            // The reply first, then the data connection: the client reads why before its write fails.
            setTimeout(() => data.destroy(), 200);
            return;
          }
          if (outcome === "broken") return reply("426 Failure reading network stream.");
          if (behaviour.delayFinalReplyMs > 0)
            await new Promise((resolve) => setTimeout(resolve, behaviour.delayFinalReplyMs));
          if (behaviour.finalReply === "none") {
            if (!control.destroyed) await new Promise((resolve) => control.once("close", resolve));
            return;
          }
          return reply(
            behaviour.finalReply === "426" ? "426 Failure reading network stream." : "226 Transfer complete.",
          );
        }
        default:
          return reply("500 Unknown command.");
      }
    };

    control.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let index: number;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        queue = queue
          .then(() => handle(line))
          .catch(() => {
            control.destroy();
          });
      }
    });
    reply("220 (vsFTPd 3.0.3)");
  }
}
