// The caller's network address, for sign-in throttling, better-auth's rate limiter and the
// audit log. X-Forwarded-For is written by whoever sends the request, so it is believed only
// as far as it was appended by proxies we trust (PRINTERNIZER_TRUSTED_PROXIES):
//
//   hops = [...X-Forwarded-For, socket peer]; from the right, skip trusted proxies; the first
//   untrusted hop is the client.
//
// Next's server keeps a client-sent X-Forwarded-For as it is (it only fills it in when absent),
// so the socket peer is not in it: `installClientAddressHeader` takes the peer of every
// request on the Node server (before Next sees it) and writes the resolved address into
// `clientAddressHeader`, replacing anything a client sent under that name. Everything else
// asks `clientAddress(request.headers)`, the one way to learn a request's client address
// (tRPC context, sign-in throttling and audit, route handlers).
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP, type Socket } from "node:net";

/** The resolved client address; a client's copy is always overwritten. */
export const clientAddressHeader = "x-printernizer-client-address";

export interface TrustedProxies {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** "::ffff:192.0.2.1" → "192.0.2.1"; "[::1]" → "::1"; null when it is not an IP address. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address.toLowerCase() : null;
}

/** Parses "10.0.0.1, 10.1.0.0/16, fd00::/8"; throws with a clear message on a bad entry. */
export function parseTrustedProxies(list: string | readonly string[] | undefined): TrustedProxies {
  const entries = (typeof list === "string" ? list.split(",") : (list ?? []))
    .map((e) => e.trim())
    .filter(Boolean);
  const blocks = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const ip = normalizeAddress(address);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const bits = prefix === undefined ? undefined : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (
      !ip ||
      !family ||
      extra !== undefined ||
      (bits !== undefined && (Number.isNaN(bits) || bits > (family === "ipv4" ? 32 : 128)))
    ) {
      throw new Error(`"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.1 or 10.0.0.0/8)`);
    }
    if (bits === undefined) blocks.addAddress(ip, family);
    else blocks.addSubnet(ip, bits, family);
  }
  return {
    entries,
    has: (address) => {
      const ip = normalizeAddress(address);
      return ip !== null && blocks.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** The client's address: the rightmost hop that is not a trusted proxy (see the top of this file). */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trusted: TrustedProxies,
): string | null {
  let client = normalizeAddress(peer);
  if (!client) return null;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  while (trusted.has(client) && hops.length) {
    const next = normalizeAddress(hops.pop());
    if (!next) break; // garbage left of a trusted proxy: the proxy is the last hop we can vouch for
    client = next;
  }
  return client;
}

/** The client address of a request, as the server resolved it (null when it could not be resolved). */
export function clientAddress(headers: Headers | undefined): string | null {
  return normalizeAddress(headers?.get(clientAddressHeader));
}

/** Writes the resolved client address into a Node request's headers. */
export function stampClientAddress(request: IncomingMessage, socket: Socket, trusted: TrustedProxies): void {
  const forwarded = request.headers["x-forwarded-for"];
  const client = resolveClientAddress(
    socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    trusted,
  );
  delete request.headers[clientAddressHeader];
  if (client) request.headers[clientAddressHeader] = client;
}

let installed: ((message: unknown) => void) | undefined;

/**
 * Stamps every request of every Node HTTP server in this process (Node's public
 * `http.server.request.start` channel, published before the server's "request" event).
 * Call once at server start (the web app's instrumentation); calling again replaces the list.
 */
export function installClientAddressHeader(trusted: () => TrustedProxies): () => void {
  if (installed) diagnosticsChannel.unsubscribe("http.server.request.start", installed);
  const onRequest = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    stampClientAddress(request, socket, trusted());
  };
  installed = onRequest;
  diagnosticsChannel.subscribe("http.server.request.start", onRequest);
  return () => {
    diagnosticsChannel.unsubscribe("http.server.request.start", onRequest);
    if (installed === onRequest) installed = undefined;
  };
}
