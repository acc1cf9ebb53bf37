// Why a printer cannot be reached, as one sentence for a person: "The printer did not answer at
// 192.168.1.40 (connection refused)." or "The printer at 192.168.1.40 refused the access code."
// The connection manager stores it as the connection's last error (LiveStatus.lastError), so
// no raw socket text such as "connect ECONNREFUSED 192.168.1.40:8883" reaches a screen: the
// error code found anywhere in the error's cause chain is put into words instead.
import type { PrinterErrorKind } from "./errors";
import { errorCodeWords, rawSocketTextAt } from "./connection-words";
import { PrinterIntegrationError } from "./errors";

/** Where the printer is and what its secret is called ("access code", "password", "API key"). */
export interface ConnectionTarget {
  host: string;
  credential: string;
}

/** Words for the first known error code in the error, its `meta.code`, its causes or aggregated errors. */
function errorWords(error: unknown): string | undefined {
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
      const words = typeof candidate === "string" ? errorCodeWords(candidate) : undefined;
      if (words) return words;
    }
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return undefined;
}

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
      const words = errorWords(error) ?? (kind === "timeout" ? "timed out" : undefined);
      if (words) return `The printer did not answer at ${at} (${words}).`;
      if (rawSocketTextAt(message) >= 0 || message.trim() === "")
        return `The printer did not answer at ${at}.`;
      return `The connection to the printer at ${at} failed: ${withoutFinalStop(message)}.`;
    }
    default:
      return `The printer at ${at} answered, but the connection could not be set up: ${withoutFinalStop(message)}.`;
  }
}

/** The sentence for an established connection that dropped. */
export function describeConnectionLost(target: ConnectionTarget, error: unknown): string {
  const words = errorWords(error);
  if (error instanceof PrinterIntegrationError && error.kind === "authentication")
    return describeConnectionFailure(target, error);
  const message = error instanceof Error ? error.message : String(error);
  if (words) return `The connection to the printer at ${target.host} was lost (${words}).`;
  if (rawSocketTextAt(message) >= 0 || message.trim() === "")
    return `The connection to the printer at ${target.host} was lost.`;
  return `The connection to the printer at ${target.host} was lost: ${withoutFinalStop(message)}.`;
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}
