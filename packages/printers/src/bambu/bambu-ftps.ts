// Files over implicit FTPS (port 990) with basic-ftp: TLS 1.2 only, and the data channel resumes
// the control connection's TLS session (vsFTPd's require_ssl_reuse; basic-ftp passes the session).
// The certificate is checked against the pin before logging in. One short-lived FTP connection
// per operation: the printer's FTP server is slow and serves few clients.
import { createWriteStream } from "node:fs";
import { PassThrough, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Client, FileInfo, FileType, FTPError } from "basic-ftp";
import {
  PrinterAuthenticationError,
  PrinterConnectionError,
  PrinterDownloadError,
  PrinterIntegrationError,
  PrinterTimeoutError,
} from "../core/errors";
import type { RemoteFile } from "../core/model";
import { onAbort } from "../core/timeouts";
import type { DownloadedFile } from "../core/adapter";
import { bambuTlsOptions, verifyPeer, type TrustSettings } from "./bambu-certificate";
import { parseListing, toRemoteFile } from "./bambu-ftp-listing";
import type { TLSSocket } from "node:tls";

export interface FtpsOptions {
  host: string;
  port: number;
  accessCode: string;
  trust: () => TrustSettings;
  timeoutMs: number;
  printerId: string;
}

/** Folders listed, in this order; /model exists only on some printers. */
export const LISTED_FOLDERS = ["/", "/cache", "/timelapse", "/model"] as const;

export class BambuFtps {
  constructor(private readonly options: FtpsOptions) {}

  /**
   * Connects, verifies the certificate, logs in; the caller must `close()` the client.
   * `socketTimeoutMs`: how long the connection may stay silent (default: the request timeout).
   */
  async connect(signal?: AbortSignal, socketTimeoutMs = this.options.timeoutMs): Promise<Client> {
    const { host, port, accessCode } = this.options;
    // Closing a client before it connects does nothing (connecting reopens it): an already
    // aborted signal must stop here, or the whole connect and login would run regardless.
    if (signal?.aborted) throw this.classify(signal.reason, signal, "connect");
    const trust = this.options.trust();
    const client = new Client(socketTimeoutMs);
    const stopListening = onAbort(signal, () => client.close());
    try {
      await client.connectImplicitTLS(host, port, { ...bambuTlsOptions(trust), host });
      verifyPeer(client.ftp.socket as TLSSocket, trust);
      await client.login("bblp", accessCode);
      await client.useDefaultSettings();
      return client;
    } catch (error) {
      client.close();
      throw this.classify(error, signal, "connect");
    } finally {
      stopListening();
    }
  }

  async list(signal?: AbortSignal): Promise<RemoteFile[]> {
    const client = await this.connect(signal);
    const stopListening = onAbort(signal, () => client.close());
    // Listing text goes through our parser (unix LIST lines, or NLST names as a fallback).
    let currentDir = "/";
    client.parseList = (raw) =>
      parseListing(currentDir, raw).map((e) => {
        const info = new FileInfo(e.name);
        info.type = e.isDirectory ? FileType.Directory : FileType.File;
        info.size = e.size ?? -1;
        if (e.modified) info.modifiedAt = e.modified;
        return info;
      });
    try {
      const files: RemoteFile[] = [];
      for (const dir of LISTED_FOLDERS) {
        currentDir = dir;
        let entries;
        try {
          entries = await this.listDir(client, dir);
        } catch (error) {
          // 550: the folder does not exist on this printer (e.g. /model, or /timelapse before the first video).
          if (error instanceof FTPError && error.code === 550) continue;
          throw error;
        }
        for (const entry of entries) {
          const isDir = entry.isDirectory;
          // Sub-folders listed separately are not repeated as folder entries of "/".
          if (isDir && dir === "/" && (LISTED_FOLDERS as readonly string[]).includes(`/${entry.name}`))
            continue;
          files.push(
            toRemoteFile(dir, {
              name: entry.name,
              isDirectory: isDir,
              ...(isDir || entry.size < 0 ? {} : { size: entry.size }),
              ...(entry.modifiedAt ? { modified: entry.modifiedAt } : {}),
            }),
          );
        }
      }
      return files;
    } catch (error) {
      throw this.classify(error, signal, "list");
    } finally {
      stopListening();
      client.close();
    }
  }

  // LIST first; if the server refuses it (5xx other than 550), fall back to NLST.
  private async listDir(client: Client, dir: string) {
    client.availableListCommands = ["LIST"];
    try {
      return await client.list(dir);
    } catch (error) {
      if (!(error instanceof FTPError) || error.code === 550 || error.code < 500) throw error;
      client.availableListCommands = ["NLST"];
      return await client.list(dir);
    }
  }

  /** Streams a file: bytes flow from the data socket to the caller with backpressure, never buffered whole. */
  async download(path: string, setupSignal?: AbortSignal, signal?: AbortSignal): Promise<DownloadedFile> {
    const client = await this.connect(setupSignal);
    let size: number | undefined;
    try {
      size = await client.size(path);
    } catch (error) {
      client.close();
      if (error instanceof FTPError && error.code === 550)
        throw new PrinterDownloadError(`${path} does not exist on the printer`, {
          cause: error,
          meta: { printerId: this.options.printerId, path },
        });
      throw this.classify(error, setupSignal, "download");
    }
    const output = new PassThrough();
    // `signal` may have aborted while SIZE was asked: then the stream ends at once.
    const stopListening = onAbort(signal, () => {
      client.close();
      output.destroy(new PrinterTimeoutError(`download of ${path} aborted`));
    });
    // basic-ftp pipes into a Writable: forward each chunk and wait while the consumer is slow.
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (output.write(chunk)) callback();
        else output.once("drain", () => callback());
      },
    });
    output.on("close", () => {
      if (!output.writableFinished) client.close(); // the consumer gave up early
    });
    client
      .downloadTo(sink, path)
      .then(() => output.end())
      .catch((error: unknown) => output.destroy(this.classify(error, signal, "download", path)))
      .finally(() => {
        stopListening();
        client.close();
      });
    return {
      stream: output,
      size,
      fileName: path.split("/").pop() ?? path,
      contentType: contentTypeOf(path),
    };
  }

  /**
   * Fetches the first of `paths` that exists into the local file `destination` (one FTP connection
   * for all tries, as pybambu searches /cache/ then /). Undefined when none exists; a file over
   * `maxBytes` (by SIZE, or by what actually arrives) is refused.
   */
  async fetchFirst(
    paths: readonly string[],
    destination: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<{ path: string; size: number } | undefined> {
    const client = await this.connect(signal);
    const stopListening = onAbort(signal, () => client.close());
    try {
      for (const path of paths) {
        let size: number;
        try {
          size = await client.size(path);
        } catch (error) {
          if (error instanceof FTPError && error.code === 550) continue;
          throw error;
        }
        if (size > maxBytes)
          throw new PrinterDownloadError(`${path} is ${size} bytes, over the limit of ${maxBytes}`, {
            meta: { printerId: this.options.printerId, path },
          });
        let received = 0;
        const file = createWriteStream(destination, { flags: "w", mode: 0o600 });
        const bounded = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            received += chunk.length;
            if (received > maxBytes) callback(new Error(`${path} sent more than ${maxBytes} bytes`));
            else callback(null, chunk);
          },
        });
        const written = pipeline(bounded, file);
        try {
          await client.downloadTo(bounded, path);
        } catch (error) {
          bounded.destroy(error instanceof Error ? error : new Error(String(error)));
          await written.catch(() => undefined);
          throw error;
        }
        await written;
        return { path, size: received };
      }
      return undefined;
    } catch (error) {
      throw this.classify(error, signal, "download");
    } finally {
      stopListening();
      client.close();
    }
  }

  private classify(error: unknown, signal: AbortSignal | undefined, what: string, path?: string): Error {
    if (error instanceof PrinterIntegrationError) return error;
    const meta = { printerId: this.options.printerId, ...(path ? { path } : {}) };
    if (signal?.aborted) return new PrinterTimeoutError(`FTPS ${what} aborted`, { cause: error, meta });
    if (error instanceof FTPError) {
      if (error.code === 530)
        return new PrinterAuthenticationError("the printer refused the LAN access code (FTPS login)", {
          cause: error,
          meta,
        });
      if (what === "download")
        return new PrinterDownloadError(`FTPS ${what} failed: ${error.message}`, { cause: error, meta });
      return new PrinterConnectionError(`FTPS ${what} failed: ${error.message}`, { cause: error, meta });
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/timeout/i.test(message))
      return new PrinterTimeoutError(`FTPS ${what} timed out: ${message}`, { cause: error, meta });
    return new PrinterConnectionError(`FTPS ${what} failed: ${message}`, { cause: error, meta });
  }
}

function contentTypeOf(path: string): string {
  if (/\.3mf$/i.test(path)) return "model/3mf";
  if (/\.gcode$/i.test(path)) return "text/x.gcode";
  if (/\.mp4$/i.test(path)) return "video/mp4";
  if (/\.avi$/i.test(path)) return "video/x-msvideo";
  if (/\.jpe?g$/i.test(path)) return "image/jpeg";
  return "application/octet-stream";
}
