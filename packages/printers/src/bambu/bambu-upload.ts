// Uploading a file to the SD card root over implicit FTPS (protocols/bambu-lan.md §4). The bytes
// stream from the caller to the data socket, never held whole. Quirks handled: the printer may
// take 30 s or more to send the final 226 (H2D), answer 426 after storing the whole file, or hang
// after the data (A1): none is fatal by itself — SIZE decides (ha-bambulab's approach). The final
// reply is always awaited before resolving (a project_file sent earlier fails with 0500_C010).
// While the data flows, a connection silent for `finalReplyMs` counts as stalled.
import { pipeline, Transform, type Readable } from "node:stream";
import { FTPError, type Client } from "basic-ftp";
import {
  PrinterAuthenticationError,
  PrinterConflictError,
  PrinterConnectionError,
  PrinterIntegrationError,
  PrinterTimeoutError,
} from "../core/errors";
import type { UploadedFile, UploadRequest } from "../core/print-start";
import { deadlineSignal, onAbort } from "../core/timeouts";
import type { BambuFtps } from "./bambu-ftps";

/** FAT32/exFAT take 255 UTF-16 units; a shorter bound leaves room for the printer's own suffixes. */
export const SD_NAME_MAX_BYTES = 180;
const PROGRESS_EVERY_MS = 250;

/**
 * A file name the SD card takes: the last path segment, no control characters, none of FAT's
 * forbidden `\ / : * ? " < > |`, no leading dot or trailing dot/space, at most
 * SD_NAME_MAX_BYTES of UTF-8, the extension (`.gcode.3mf`, `.3mf`, `.gcode`) kept.
 */
export function cleanSdName(name: string): string {
  const base = (name.split(/[/\\]/).pop() ?? "")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .replace(/[:*?"<>|]/g, "_")
    .trim();
  const extension = (/(\.gcode\.3mf|\.[A-Za-z0-9]{1,8})$/.exec(base)?.[0] ?? "").toLowerCase();
  let stem = base
    .slice(0, base.length - extension.length)
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  if (!stem) stem = "print";
  const budget = SD_NAME_MAX_BYTES - Buffer.byteLength(extension);
  if (Buffer.byteLength(stem) > budget) {
    let kept = "";
    for (const char of stem) {
      if (Buffer.byteLength(kept + char) > budget) break;
      kept += char;
    }
    stem = kept.replace(/[.\s]+$/, "") || "print";
  }
  return `${stem}${extension}`;
}

export interface SdUploadOptions {
  /** How long to wait for the final reply once every byte is sent, before SIZE decides. */
  finalReplyMs: number;
  /** Bound on connecting and logging in. */
  connectTimeoutMs: number;
  printerId: string;
}

export async function uploadToSd(
  ftps: BambuFtps,
  request: UploadRequest,
  options: SdUploadOptions,
): Promise<UploadedFile> {
  const name = cleanSdName(request.name);
  const path = `/${name}`;
  const { signal } = request;
  const meta = { printerId: options.printerId, path };
  // Setup under the request deadline; the connection itself may then stay silent for as long as
  // the printer takes to send the final reply.
  const setup = deadlineSignal(options.connectTimeoutMs, signal);
  const client = await ftps.connect(setup, options.finalReplyMs);
  const stopListening = onAbort(signal, () => client.close());
  let sent = 0;
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    request.onProgress?.({ bytesSent: sent, totalBytes: request.size });
  };
  let benign: unknown;
  let confirmedSize: number | undefined;
  let checked = false;
  try {
    const source: Readable = request.open();
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        report(false);
        callback(null, chunk);
      },
      flush(callback) {
        report(true);
        callback();
      },
    });
    pipeline(source, counted, () => undefined);
    try {
      await client.uploadFrom(counted, path);
    } catch (error) {
      if (signal?.aborted) throw aborted(name, signal, meta);
      // A 426 or silence after the whole file went out: SIZE on a fresh connection decides.
      const afterData = sent >= request.size && (!(error instanceof FTPError) || error.code === 426);
      if (!afterData) throw uploadError(error, name, meta);
      benign = error;
    }
    if (benign === undefined) {
      confirmedSize = await sizeOf(client, path).catch((error: unknown) => {
        throw uploadError(error, name, meta);
      });
      checked = true;
    }
  } finally {
    stopListening();
    client.close();
  }
  if (!checked) confirmedSize = await remoteSize(ftps, path, signal);
  if (confirmedSize !== request.size)
    throw new PrinterConflictError(
      `The printer's SD card did not take the whole file: ${confirmedSize ?? 0} of ${request.size} bytes arrived. Check the SD card has space and try again.`,
      { cause: benign, meta },
    );
  return { path, size: confirmedSize };
}

/** The size of `path` on the SD card, or undefined when it is not there (550). */
export async function remoteSize(
  ftps: BambuFtps,
  path: string,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const client = await ftps.connect(signal);
  try {
    return await sizeOf(client, path);
  } catch (error) {
    throw uploadError(error, path, {});
  } finally {
    client.close();
  }
}

async function sizeOf(client: Client, path: string): Promise<number | undefined> {
  try {
    return await client.size(path);
  } catch (error) {
    if (error instanceof FTPError && error.code === 550) return undefined;
    throw error;
  }
}

function aborted(name: string, signal: AbortSignal, meta: Record<string, unknown>): PrinterTimeoutError {
  return new PrinterTimeoutError(`The upload of ${name} was stopped before it finished.`, {
    cause: signal.reason,
    meta,
  });
}

/** An FTP answer or socket failure during an upload, in words with what to do next. */
export function uploadError(error: unknown, name: string, meta: Record<string, unknown>): Error {
  if (error instanceof PrinterIntegrationError) return error;
  if (error instanceof FTPError) {
    const said = error.message.trim();
    if (error.code === 530)
      return new PrinterAuthenticationError("The printer refused the LAN access code (FTPS login).", {
        cause: error,
        meta,
      });
    if (error.code === 550)
      return new PrinterConflictError(
        `The printer refused to store ${name} ("${said}"). Check that an SD card is inserted and not write-protected, then try again.`,
        { cause: error, meta },
      );
    if (error.code === 451 || error.code === 452 || error.code === 552)
      return new PrinterConflictError(
        `The printer's SD card is full or could not be written ("${said}"). Free space on the card and try again.`,
        { cause: error, meta },
      );
    if (error.code === 553)
      return new PrinterConflictError(`The printer does not accept the file name ${name} ("${said}").`, {
        cause: error,
        meta,
      });
    return new PrinterConnectionError(`Uploading ${name} failed: the printer answered "${said}".`, {
      cause: error,
      meta,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message))
    return new PrinterTimeoutError(
      `Uploading ${name} stalled: the printer stopped answering (${message}). Check it is on and on the network, then try again.`,
      { cause: error, meta },
    );
  return new PrinterConnectionError(
    `Uploading ${name} failed: the connection to the printer broke (${message}). Try again.`,
    { cause: error, meta },
  );
}
