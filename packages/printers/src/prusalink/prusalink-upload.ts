// Puts a file on a PrusaLink printer. v1: `PUT /api/v1/files/<storage>/<name>` with the exact
// Content-Length, `Overwrite: ?1` (a staged file of the same name is replaced) and the body
// streamed from the caller's `open()`, never buffered. Digest: a nonce is fetched with a cheap GET
// first, so the body goes out once; a 401 anyway (nonce expired) resends the whole body from a
// fresh `open()` (Buddy closes the connection on it). Legacy (Prusa-Link 0.7): multipart
// `POST /api/files/local`, built as a stream (preamble + file + epilogue) with an exact length.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { UploadedFile, UploadProgress, UploadRequest } from "../core/print-start";
import {
  PrinterConflictError,
  PrinterHttpError,
  PrinterIntegrationError,
  PrinterTimeoutError,
} from "../core/errors";
import type { PrusaLinkHttp } from "./prusalink-http";
import { encodePath } from "./prusalink-files";
import { errorWords } from "./prusalink-upload-errors";
import { printerFileName } from "./prusalink-file-name";
import { FileEntrySchema, LegacyFilesSchema } from "./prusalink-schemas";
import type { LegacyFileEntryPayload } from "./prusalink-schemas";
import type { z } from "zod";

type Parse = <T>(schema: z.ZodType<T>, value: unknown, what: string) => T;

/** The printer answers an upload only after storing the last byte (Buddy preallocates and syncs). */
export const UPLOAD_ANSWER_TIMEOUT_MS = 120_000;

export interface UploadDeps {
  http: PrusaLinkHttp;
  parse: Parse;
  printerId: string;
}

/** v1 upload into `storage` ("usb" on Buddy, "local" on a Pi). Returns the printer's path ("/usb/BENCHY~1.BGC"). */
export async function uploadV1(
  deps: UploadDeps,
  storage: string,
  request: UploadRequest,
): Promise<UploadedFile> {
  const name = printerFileName(request.name, `/api/v1/files/${storage}/`);
  const path = `/api/v1/files/${storage}/${encodeURIComponent(name)}`;
  await fetchNonce(deps.http, request.signal);
  let text: string;
  try {
    const result = await deps.http.request("PUT", path, {
      ...(request.signal ? { signal: request.signal } : {}),
      headersTimeout: UPLOAD_ANSWER_TIMEOUT_MS,
      headers: {
        "content-length": String(request.size),
        "content-type": "application/octet-stream",
        overwrite: "?1",
        accept: "application/json",
      },
      body: () => counted(request),
    });
    text = await result.body.text();
  } catch (error) {
    throw uploadError(error, name, deps.printerId);
  }
  // Buddy answers with the new file's info (its 8.3 name is the path from now on); Prusa-Link with nothing.
  const shortName = entryName(deps.parse, text, path);
  return { path: `/${storage}/${shortName ?? name}`, size: request.size };
}

/** Legacy multipart upload (`file`, `select`, `print`); the path is the one the printer's listing gives. */
export async function uploadLegacy(deps: UploadDeps, request: UploadRequest): Promise<UploadedFile> {
  const name = printerFileName(request.name, "/api/files/local/");
  const boundary = `----printernizer${randomBytes(12).toString("hex")}`;
  const field = (key: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`;
  const preamble = Buffer.from(
    field("select", "false") +
      field("print", "false") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  await fetchNonce(deps.http, request.signal);
  let text: string;
  try {
    const result = await deps.http.request("POST", "/api/files/local", {
      ...(request.signal ? { signal: request.signal } : {}),
      headersTimeout: UPLOAD_ANSWER_TIMEOUT_MS,
      headers: {
        "content-length": String(preamble.length + request.size + epilogue.length),
        "content-type": `multipart/form-data; boundary=${boundary}`,
        accept: "application/json",
      },
      body: () => counted(request, preamble, epilogue),
    });
    text = await result.body.text();
  } catch (error) {
    throw uploadError(error, name, deps.printerId);
  }
  return { path: legacyPath(deps.parse, text, name) ?? `/local/${name}`, size: request.size };
}

/** Whether the file at `path` is complete on the printer with this size (a staged upload still there). */
export async function hasFileOn(
  http: PrusaLinkHttp,
  parse: Parse,
  api: "v1" | "legacy",
  path: string,
  size: number,
  signal: AbortSignal,
): Promise<boolean> {
  const url = `${api === "v1" ? "/api/v1/files" : "/api/files"}${encodePath(path)}`;
  let json: unknown;
  try {
    json = (await http.getJson(url, signal)).json;
  } catch (error) {
    if (error instanceof PrinterHttpError && error.status === 404) return false;
    throw error;
  }
  const entry = parse(FileEntrySchema, json, url);
  // Buddy lists a file still being transferred as read-only without a download ref.
  if (api === "v1" && entry.ro === true && !entry.refs?.download) return false;
  return entry.size === size;
}

async function fetchNonce(http: PrusaLinkHttp, signal: AbortSignal | undefined): Promise<void> {
  if (http.needsNonce) await http.getJson("/api/version", signal);
}

/** A fresh stream of the file (between optional preamble and epilogue) that reports progress. */
function counted(request: UploadRequest, preamble?: Buffer, epilogue?: Buffer): Readable {
  const report = request.onProgress;
  const totalBytes = request.size;
  const source = request.open();
  async function* chunks(): AsyncGenerator<Buffer> {
    if (preamble) yield preamble;
    let bytesSent = 0;
    report?.({ bytesSent, totalBytes } satisfies UploadProgress);
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      bytesSent += buffer.length;
      yield buffer;
      report?.({ bytesSent, totalBytes });
    }
    if (epilogue) yield epilogue;
  }
  const stream = Readable.from(chunks(), { objectMode: false });
  stream.once("close", () => source.destroy());
  return stream;
}

function entryName(parse: Parse, text: string, path: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    return parse(FileEntrySchema, JSON.parse(text) as unknown, `PUT ${path}`).name || undefined;
  } catch {
    return undefined;
  }
}

function legacyPath(parse: Parse, text: string, name: string): string | undefined {
  if (!text.trim()) return undefined;
  let files: LegacyFileEntryPayload[];
  try {
    files = parse(LegacyFilesSchema, JSON.parse(text) as unknown, "POST /api/files/local").files;
  } catch {
    return undefined;
  }
  const wanted = name.toLowerCase();
  const find = (entries: LegacyFileEntryPayload[], depth: number): LegacyFileEntryPayload | undefined => {
    for (const entry of entries) {
      if (entry.type !== "folder" && [entry.name, entry.display].some((n) => n?.toLowerCase() === wanted))
        return entry;
      const inside = depth < 1 && entry.children ? find(entry.children, depth + 1) : undefined;
      if (inside) return inside;
    }
    return undefined;
  };
  const resource = find(files, 0)?.refs?.resource;
  return typeof resource === "string" && resource.startsWith("/api/files/")
    ? safeDecode(resource.slice("/api/files".length))
    : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function uploadError(error: unknown, name: string, printerId: string): Error {
  if (!(error instanceof PrinterIntegrationError)) {
    const code = (error as { code?: string }).code;
    if (code === "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH")
      return new PrinterIntegrationError(
        `the file ${name} changed size while it was being sent; upload it again`,
        { cause: error, meta: { printerId } },
      );
    return error instanceof Error ? error : new Error(String(error));
  }
  const status =
    error instanceof PrinterConflictError ? 409 : error instanceof PrinterHttpError ? error.status : 0;
  const words = status ? errorWords(status, error.message, name) : undefined;
  if (!words) return error;
  const meta = { ...error.meta, printerId, status };
  if (status === 409) return new PrinterConflictError(words, { cause: error, meta });
  if (status === 408) return new PrinterTimeoutError(words, { cause: error, meta });
  return new PrinterHttpError(words, status, { cause: error, meta });
}
