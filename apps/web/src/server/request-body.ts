// Request bodies are read as streams with a running count, never trusted to be small: a
// Content-Length over the limit is refused before a byte is read, and a body that streams
// past the limit (chunked, or lying about its length) is cut off at the limit. Routes check
// the caller first and only then read: anonymous callers get the small limit (sign-in, setup),
// signed-in ones the JSON limit. Uploads (none yet) are to stream to disk with their own limit,
// counting as `readLimitedBody` does, instead of being read whole.
import { hostileInputReason } from "@printernizer/farm/input-guard";

export const bodyLimits = {
  /** tRPC calls of a signed-in user. */
  json: 1024 * 1024,
  /** What anyone may send without a session: sign-in, first-run setup, sign-out. */
  anonymous: 16 * 1024,
} as const;

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

function tooLarge(limit: number): Response {
  // Connection: close, so the server stops reading the rest instead of draining it.
  return Response.json(
    { message: `The request is too large: at most ${kib(limit)}.` },
    { status: 413, headers: { connection: "close" } },
  );
}

/** 413 at once when the declared length is over the limit (or not a number); null to go on. */
export function refuseDeclaredLength(request: Request, limit: number): Response | null {
  const declared = request.headers.get("content-length");
  if (declared === null) return null;
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0)
    return Response.json(
      { message: "Invalid Content-Length." },
      { status: 400, headers: { connection: "close" } },
    );
  return length > limit ? tooLarge(limit) : null;
}

/** The body's bytes, or a 413 once the running count passes `limit` (the rest is never read). */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer> } | { response: Response }> {
  const declared = refuseDeclaredLength(request, limit);
  if (declared) return { response: declared };
  if (!request.body) return { bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

/**
 * A JSON body within `limit`, checked for hostile values (NUL, lone surrogates, giant strings,
 * deep nesting), as a fresh Request with the same URL and headers for the handler that follows,
 * plus the parsed value; or the 400/413 answer.
 */
export async function readJsonBody(
  request: Request,
  limit: number,
): Promise<{ request: Request; json: unknown } | { response: Response }> {
  const read = await readLimitedBody(request, limit);
  if ("response" in read) return read;
  let json: unknown = undefined;
  if (read.bytes.byteLength > 0) {
    try {
      json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(read.bytes));
    } catch {
      return {
        response: Response.json({ message: "The request body is not valid JSON (UTF-8)." }, { status: 400 }),
      };
    }
  }
  const reason = hostileInputReason(json);
  if (reason) return { response: Response.json({ message: reason }, { status: 400 }) };
  return { request: requestWithBody(request, read.bytes), json };
}

/** The same request (URL, method, headers, abort signal) carrying bytes already read. */
export function requestWithBody(request: Request, bytes: Uint8Array<ArrayBuffer>): Request {
  const headers = new Headers(request.headers);
  headers.set("content-length", String(bytes.byteLength));
  return new Request(request.url, {
    method: request.method,
    headers,
    body: bytes.byteLength > 0 ? bytes : null,
    signal: request.signal,
  });
}
