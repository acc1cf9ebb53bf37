// Response helpers that reproduce Buddy's wire habits: JSON streamed with chunked transfer
// encoding (no Content-Length), status pages "<code>: <Reason>\n\n<message>\n" as text or
// {"title","message"} JSON when the first Accept value is application/json, and `Connection:
// close` on any status ≥ 300 for requests that carry a body (PUT/POST).
import { STATUS_CODES } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  const text = JSON.stringify(body);
  // Two writes without Content-Length → chunked, like Buddy's streamed renderers.
  const half = Math.floor(text.length / 2);
  res.write(text.slice(0, half));
  res.end(text.slice(half));
}

function wantsJson(req: IncomingMessage): boolean {
  const first = (req.headers.accept ?? "").split(",")[0]?.trim().split(";")[0];
  return first === "application/json";
}

function closesConnection(req: IncomingMessage, status: number): boolean {
  return status >= 300 && (req.method === "PUT" || req.method === "POST");
}

export function sendStatus(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message = "",
  headers: Record<string, string> = {},
): void {
  const reason = status === 418 ? "I'm a Teapot Printer" : (STATUS_CODES[status] ?? "Unknown");
  const extra: Record<string, string> = {
    ...headers,
    ...(closesConnection(req, status) ? { connection: "close" } : {}),
  };
  if (status === 204 || status === 304) {
    res.writeHead(status, { "content-type": "text/plain", ...extra }).end();
    return;
  }
  if (wantsJson(req)) {
    // Byte-exact Buddy form (note the space after "title":), e.g. the 43-byte 401 body.
    const body = `{"title": ${JSON.stringify(`${status}: ${reason}`)},"message":${JSON.stringify(message)}}`;
    res
      .writeHead(status, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        ...extra,
      })
      .end(body);
    return;
  }
  const body = `${status}: ${reason}\n\n${message}\n`;
  res
    .writeHead(status, {
      "content-type": "text/plain",
      "content-length": String(Buffer.byteLength(body)),
      ...extra,
    })
    .end(body);
}

/** Omits undefined values, as both implementations omit absent fields instead of sending null. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Fixed-decimal numbers as Buddy prints them (e.g. progress 91.00 → 91). JSON keeps the value. */
export function fixed(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

export async function readBody(req: IncomingMessage, limit = 256 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
