// Why a printer cannot be reached, as one sentence for a person: "The printer did not answer at
// 192.168.1.40 (connection refused)." or "The printer at 192.168.1.40 refused the access code."
// The connection manager stores it as the connection's last error (LiveStatus.lastError), so
// no raw socket text such as "connect ECONNREFUSED 192.168.1.40:8883" reaches a screen: the
// error code found anywhere in the error's cause chain is put into words instead.
import type { PrinterErrorKind } from "./errors";
import { PrinterIntegrationError } from "./errors";

/** Where the printer is and what its secret is called ("access code", "password", "API key"). */
export interface ConnectionTarget {
  host: string;
  credential: string;
}

const codeWords: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was reset",
  ECONNABORTED: "the connection was aborted",
  EPIPE: "the connection was cut",
  ETIMEDOUT: "timed out",
  ESOCKETTIMEDOUT: "timed out",
  UND_ERR_CONNECT_TIMEOUT: "timed out",
  UND_ERR_HEADERS_TIMEOUT: "timed out",
  UND_ERR_BODY_TIMEOUT: "timed out",
  UND_ERR_SOCKET: "the connection was cut",
  UND_ERR_CLOSED: "the connection was closed",
  EHOSTUNREACH: "no route to the printer",
  EHOSTDOWN: "the host is down",
  ENETUNREACH: "the network is unreachable",
  ENETDOWN: "the network is down",
  ENOTFOUND: "the name could not be resolved (DNS)",
  EAI_AGAIN: "the name could not be resolved (DNS)",
  EAI_NONAME: "the name could not be resolved (DNS)",
  EADDRNOTAVAIL: "the address is not available",
  EPROTO: "TLS failure",
  ERR_SSL_WRONG_VERSION_NUMBER: "TLS failure",
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: "TLS failure",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS failure",
};

/** Words for the first known error code in the error, its `meta.code`, its causes or aggregated errors. */
export function errorCodeWords(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 12) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors, meta } = current as {
      code?: unknown;
      cause?: unknown;
      errors?: unknown;
      meta?: { code?: unknown };
    };
    for (const candidate of [code, meta?.code]) {
      if (typeof candidate !== "string") continue;
      if (codeWords[candidate]) return codeWords[candidate];
      if (candidate.startsWith("ERR_SSL_") || candidate.startsWith("ERR_TLS_")) return "TLS failure";
    }
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return undefined;
}

/** Socket texts that must not be shown as they are (error codes, "connect …", "fetch failed"). */
const rawTransportText = /\bE[A-Z0-9_]{3,}\b|\bUND_ERR|\bfetch failed\b|\bconnect [A-Z]|socket hang up/;

/** The sentence for a failed connection attempt (or a lost connection) to `target`. */
export function describeConnectionFailure(target: ConnectionTarget, error: unknown): string {
  const kind: PrinterErrorKind = error instanceof PrinterIntegrationError ? error.kind : "connection";
  const message = error instanceof Error ? error.message : String(error);
  const at = target.host;
  switch (kind) {
    case "authentication":
      return `The printer at ${at} refused the ${target.credential}.`;
    case "certificate":
      return `The printer at ${at} failed the certificate check: ${withoutFinalStop(message)}.`;
    case "connection":
    case "timeout":
    case "mqtt": {
      const words = errorCodeWords(error) ?? (kind === "timeout" ? "timed out" : undefined);
      if (words) return `The printer did not answer at ${at} (${words}).`;
      if (rawTransportText.test(message) || message.trim() === "")
        return `The printer did not answer at ${at}.`;
      return `The connection to the printer at ${at} failed: ${withoutFinalStop(message)}.`;
    }
    default:
      return `The printer at ${at} answered, but the connection could not be set up: ${withoutFinalStop(message)}.`;
  }
}

/** The sentence for an established connection that dropped. */
export function describeConnectionLost(target: ConnectionTarget, error: unknown): string {
  const words = errorCodeWords(error);
  if (error instanceof PrinterIntegrationError && error.kind === "authentication")
    return describeConnectionFailure(target, error);
  const message = error instanceof Error ? error.message : String(error);
  if (words) return `The connection to the printer at ${target.host} was lost (${words}).`;
  if (rawTransportText.test(message) || message.trim() === "")
    return `The connection to the printer at ${target.host} was lost.`;
  return `The connection to the printer at ${target.host} was lost: ${withoutFinalStop(message)}.`;
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}
