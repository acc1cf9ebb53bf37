// The HTTP transport of one PrusaLink printer: an undici Pool with keep-alive and at most two
// connections (Buddy has only three connection slots, and other clients need one), Digest or
// X-Api-Key auth, and mapping of HTTP outcomes onto the integration errors.
// Secrets never leave this module: no header is logged.
import type { Readable } from "node:stream";
import { Pool } from "undici";
import type { Dispatcher } from "undici";
import {
  PrinterAuthenticationError,
  PrinterConflictError,
  PrinterConnectionError,
  PrinterHttpError,
  PrinterIntegrationError,
  PrinterProtocolError,
  PrinterTimeoutError,
} from "../core/errors";
import { JsonDepthError, rawPayloadLimits, sanitizeJson } from "../core/sanitize";
import { DigestSession, parseDigestChallenge } from "./prusalink-digest";

export interface PrusaLinkHttpOptions {
  host: string;
  port: number;
  username: string;
  password?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs: number;
  printerId: string;
  /** Larger JSON answers are refused as a protocol error (real ones are a few KB; default 1 MiB). */
  maxResponseBytes?: number | undefined;
}

/**
 * A request body: text, or a function that opens a fresh stream of the bytes (called again when
 * the printer answers 401 and the whole body must be resent: Buddy closes the connection on it).
 */
export type RequestBody = string | (() => Readable);

export interface RequestInit {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  body?: RequestBody;
  /** Overrides the pool's headers timeout (an upload's answer comes only after the last byte is stored). */
  headersTimeout?: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

// Prusa-Link (RPi) binds its nonce to the User-Agent: it must never change between requests.
const USER_AGENT = "Printernizer/1 (PrusaLink adapter)";
const MAX_ERROR_BODY = 4096;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

export class PrusaLinkHttp {
  private pool: Pool | undefined;
  private readonly digest: DigestSession | undefined;
  readonly origin: string;

  constructor(private readonly options: PrusaLinkHttpOptions) {
    const host =
      options.host.includes(":") && !options.host.startsWith("[") ? `[${options.host}]` : options.host;
    this.origin = `http://${host}:${options.port}`;
    this.digest =
      options.password !== undefined ? new DigestSession(options.username, options.password) : undefined;
  }

  private getPool(): Pool {
    this.pool ??= new Pool(this.origin, {
      connections: 2,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // Buddy drops idle keep-alive connections after 60 s; stay below.
      keepAliveMaxTimeout: 50_000,
      connectTimeout: this.options.timeoutMs,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    return this.pool;
  }

  /** Digest auth without a nonce yet: a request with a body would be sent twice (401, then again). */
  get needsNonce(): boolean {
    return this.digest !== undefined && !this.digest.hasChallenge;
  }

  /** Closes every socket at once; the next request opens a fresh pool. */
  async reset(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.digest?.forget();
    await pool?.destroy().catch(() => undefined);
  }

  /**
   * Sends a request with auth. 2xx, 204 and 304 are returned with the body unread (the caller
   * consumes or dumps it); everything else becomes an integration error.
   */
  async request(method: Dispatcher.HttpMethod, path: string, init: RequestInit = {}): Promise<HttpResult> {
    let staleRetries = 0;
    for (;;) {
      const auth = this.authHeaders(method, path);
      const sent = typeof init.body === "function" ? init.body() : init.body;
      const response = await this.send(method, path, { ...init.headers, ...auth }, init, sent);
      if (typeof sent === "object" && !sent.destroyed) sent.destroy();
      if (
        response.statusCode !== 401 &&
        !(response.statusCode === 403 && this.options.apiKey && !this.digest)
      ) {
        return this.checkStatus(method, path, response);
      }
      const body = await readText(response.body);
      const challenge = parseDigestChallenge(headerValue(response.headers["www-authenticate"]));
      const sentDigest = auth.authorization !== undefined;
      if (this.digest && challenge && (!sentDigest || challenge.stale) && staleRetries < 2) {
        // First contact, or the nonce expired (Buddy: 300 s): take the fresh nonce and retry.
        this.digest.accept(challenge);
        staleRetries += 1;
        continue;
      }
      const how = this.digest ? "user name or password" : "API key";
      throw new PrinterAuthenticationError(`the printer rejected the ${how} (HTTP ${response.statusCode})`, {
        meta: { printerId: this.options.printerId, status: response.statusCode, body: body.slice(0, 200) },
      });
    }
  }

  /** GET a JSON document; returns undefined for 204 and `notModified` for 304. */
  async getJson(
    path: string,
    signal?: AbortSignal,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown; etag?: string }> {
    const result = await this.request("GET", path, {
      ...(signal ? { signal } : {}),
      headers: { accept: "application/json", ...headers },
    });
    const etag = headerValue(result.headers.etag);
    if (result.status === 204 || result.status === 304) {
      await result.body.dump();
      return { status: result.status, json: undefined, ...(etag ? { etag } : {}) };
    }
    const text = await this.readLimited(path, result);
    // An empty body says nothing (some firmware answers 200 with no body where 204 is usual).
    if (text.trim() === "") return { status: result.status, json: undefined, ...(etag ? { etag } : {}) };
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (error) {
      throw new PrinterProtocolError(`GET ${path}: the printer sent invalid JSON`, {
        cause: error,
        meta: { printerId: this.options.printerId, path },
      });
    }
    try {
      // The boundary: NUL, lone surrogates, lengths and depth are dealt with before any schema sees the value.
      return { status: result.status, json: sanitizeJson(json, rawPayloadLimits), ...(etag ? { etag } : {}) };
    } catch (error) {
      if (error instanceof JsonDepthError)
        throw new PrinterProtocolError(`GET ${path}: the answer is ${error.message}`, {
          meta: { printerId: this.options.printerId, path },
        });
      throw error;
    }
  }

  /** Reads a body as UTF-8, giving up (and closing the socket) past the size limit. */
  private async readLimited(path: string, result: HttpResult): Promise<string> {
    const limit = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const tooLarge = (size: string) =>
      new PrinterProtocolError(`GET ${path}: the answer is larger than ${limit} bytes (${size})`, {
        meta: { printerId: this.options.printerId, path, limit },
      });
    const declared = Number(headerValue(result.headers["content-length"]));
    if (Number.isFinite(declared) && declared > limit) {
      result.body.destroy();
      throw tooLarge(`${declared} bytes announced`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of result.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        result.body.destroy();
        throw tooLarge("stopped reading");
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  }

  private authHeaders(method: string, path: string): Record<string, string> {
    if (this.digest) {
      const authorization = this.digest.authorize(method, path);
      return authorization ? { authorization } : {};
    }
    return this.options.apiKey ? { "x-api-key": this.options.apiKey } : {};
  }

  private async send(
    method: Dispatcher.HttpMethod,
    path: string,
    headers: Record<string, string>,
    init: RequestInit,
    body: string | Readable | undefined,
  ): Promise<Dispatcher.ResponseData> {
    const signal = init.signal;
    try {
      return await this.getPool().request({
        method,
        path,
        headers: { "user-agent": USER_AGENT, ...headers },
        ...(body !== undefined ? { body } : {}),
        ...(signal ? { signal } : {}),
        ...(init.headersTimeout !== undefined ? { headersTimeout: init.headersTimeout } : {}),
      });
    } catch (error) {
      if (typeof body === "object") body.destroy();
      throw this.transportError(method, path, error, signal);
    }
  }

  private transportError(method: string, path: string, error: unknown, signal?: AbortSignal): Error {
    if (error instanceof PrinterIntegrationError) return error;
    const code = (error as { code?: string }).code ?? "";
    const meta = { printerId: this.options.printerId, method, path, code };
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      if (reason instanceof Error && reason.name === "TimeoutError")
        return new PrinterTimeoutError(`${method} ${path}: no answer in time`, { cause: error, meta });
      return error instanceof Error ? error : new Error(String(error));
    }
    if (
      code === "UND_ERR_CONNECT_TIMEOUT" ||
      code === "UND_ERR_HEADERS_TIMEOUT" ||
      code === "UND_ERR_BODY_TIMEOUT"
    ) {
      return new PrinterTimeoutError(`${method} ${path}: timed out (${code})`, { cause: error, meta });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new PrinterConnectionError(`${method} ${path}: ${message}${code ? ` (${code})` : ""}`, {
      cause: error,
      meta,
    });
  }

  private async checkStatus(
    method: string,
    path: string,
    response: Dispatcher.ResponseData,
  ): Promise<HttpResult> {
    const status = response.statusCode;
    if ((status >= 200 && status < 300) || status === 304)
      return { status, headers: response.headers, body: response.body };
    const reason = errorReason(await readText(response.body));
    const meta = { printerId: this.options.printerId, method, path, status };
    if (status === 409)
      throw new PrinterConflictError(reason || "the printer refused the request in its current state", {
        meta,
      });
    throw new PrinterHttpError(`${method} ${path}: HTTP ${status}${reason ? `: ${reason}` : ""}`, status, {
      meta,
    });
  }
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readText(body: Dispatcher.ResponseData["body"]): Promise<string> {
  let text = "";
  for await (const chunk of body) {
    text += (chunk as Buffer).toString("utf8");
    if (text.length > MAX_ERROR_BODY) {
      body.destroy();
      break;
    }
  }
  return text;
}

/**
 * The printer's reason from an error body. Buddy: `{"title":"409: Conflict","message":"..."}` or
 * text "409: Conflict\n\n<message>\n"; Prusa-Link: `{"title","message","text"}`.
 */
export function errorReason(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return "";
  try {
    const json = JSON.parse(trimmed) as { title?: unknown; message?: unknown; text?: unknown };
    for (const candidate of [json.message, json.text, json.title])
      if (typeof candidate === "string" && candidate.trim()) return candidate.trim();
  } catch {
    // not JSON: Buddy's text form
  }
  const lines = trimmed
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.length > 1 ? lines.slice(1).join(" ") : (lines[0] ?? "")).slice(0, 500);
}
