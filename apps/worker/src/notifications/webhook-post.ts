// One webhook POST. The target policy is checked on the address the connection really uses:
// an address literal before connecting, a host name inside the socket's own DNS lookup (every
// resolved address), so a name that resolves to a public address when saved and to 127.0.0.1
// when sent (DNS rebinding) is refused too. Failures become short classified reasons; neither
// the URL nor what the target answered is ever part of them.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { forbiddenAddressReason, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";

export class WebhookSendError extends Error {
  /** `permanent`: retrying cannot help (a refused target, an unreadable address). */
  constructor(
    readonly reason: string,
    readonly permanent = false,
  ) {
    super(reason);
    this.name = "WebhookSendError";
  }
}

export interface WebhookPost {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: WebhookTargetPolicy;
}

const errnoReasons: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection reset",
  ETIMEDOUT: "timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS lookup failed)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host",
};

/** A short reason for a failed send, never the URL or a body. */
export function classifySendError(error: unknown): string {
  if (error instanceof WebhookSendError) return error.reason;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && errnoReasons[code]) return errnoReasons[code];
  if (typeof code === "string" && /^ERR_TLS|CERT|SSL/.test(code)) return "TLS error";
  return "connection failed";
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

function checkedLookup(policy: WebhookTargetPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((a) => forbiddenAddressReason(a.address, policy)).find(Boolean);
      if (refused) return callback(new WebhookSendError(`refused: ${refused}`, true), []);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error("no address"), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** Posts and resolves with the HTTP status (redirects are not followed); rejects with a WebhookSendError. */
export function postWebhook(url: string, post: WebhookPost): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const target = new URL(url);
    const literal = forbiddenAddressReason(target.hostname, post.policy);
    if (literal) return reject(new WebhookSendError(`refused: ${literal}`, true));
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(target, {
      method: "POST",
      headers: { ...post.headers, "content-length": Buffer.byteLength(post.body) },
      lookup: checkedLookup(post.policy) as unknown as typeof dns.lookup,
    });
    const deadline = setTimeout(
      () => request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
      post.timeoutMs,
    );
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error instanceof WebhookSendError ? error : new WebhookSendError(classifySendError(error)));
    });
    request.on("response", (response) => {
      clearTimeout(deadline);
      resolve(response.statusCode ?? 0);
      response.destroy(); // the body is not read, shown or stored
    });
    request.end(post.body);
  });
}
