// How a printer that cannot be reached is told to a person: "offline" or "needs new
// credentials", and the reason as a sentence. The worker writes LiveStatus.lastError as a
// sentence already; rows written before that (or by a path that still passes a socket error
// through) may hold raw text such as "connect ECONNREFUSED 192.168.1.40:8883", which never
// reaches a screen: it is replaced by the sentence for its error code (the worker's table of
// words, @printernizer/printers/connection-words). Pure: the server uses it for every list it
// returns, the browser for the cards.

import { errorCodeWordsIn, rawSocketTextAt } from "@printernizer/printers/connection-words";

/** The PrinterErrorKind of a refused access code or password. */
export const refusedLoginKind = "authentication";

export interface LastError {
  kind: string | null;
  message: string;
}

/** True when `message` is a system error text rather than a sentence for a person. */
export function isRawSystemError(message: string): boolean {
  return rawSocketTextAt(message) >= 0;
}

/**
 * `message` with any raw system error cut off and said in words instead:
 * "Could not connect. (GET /api/version: connect ECONNREFUSED 10.0.0.9:80)" → "Could not connect (connection refused)."
 * A message without raw text comes back unchanged; null when nothing readable is left.
 */
export function withoutSystemErrors(message: string): string | null {
  const first = rawSocketTextAt(message);
  if (first < 0) return message;
  const open = message.lastIndexOf("(", first);
  const kept = message
    .slice(0, open >= 0 ? open : first)
    .trim()
    .replace(/[\s:.,;(-]+$/, "");
  const phrase = errorCodeWordsIn(message);
  return kept ? `${kept}${phrase ? ` (${phrase})` : ""}.` : null;
}

/** The last connection error as a sentence a person can act on; never raw errno text. */
export function readableConnectionError(error: LastError, host: string): string {
  const message = error.message.trim();
  if (message && !isRawSystemError(message)) return message;
  if (error.kind === refusedLoginKind) return `The printer at ${host} refused the login.`;
  const phrase = error.kind === "timeout" ? "timed out" : errorCodeWordsIn(message);
  return `The printer did not answer at ${host}${phrase ? ` (${phrase})` : ""}.`;
}

/** A printer the worker cannot reach (offline, or never heard from) — not disabled, not connected. */
export function isUnreachable(printer: { state: string; connected: boolean }): boolean {
  return !printer.connected && (printer.state === "offline" || printer.state === "unknown");
}

/** The printer refused its access code or password: it waits for an admin to change them. */
export function needsNewCredentials(printer: {
  state: string;
  connected: boolean;
  lastError: LastError | null;
}): boolean {
  return printer.state !== "disabled" && !printer.connected && printer.lastError?.kind === refusedLoginKind;
}

/** What the card and the printer page say about a printer the worker cannot reach. */
export interface Reachability {
  /** "credentials": the printer refused the login and waits for new credentials. */
  status: "offline" | "credentials";
  /** Since when (LiveStatus.stateChangedAt while offline); null when not known. */
  since: Date | null;
  /** A sentence for a person (already readable: see readableConnectionError). */
  message: string;
}

/** Null while the printer is connected, disabled, or not heard from yet with nothing to say. */
export function reachabilityOf(printer: {
  host: string;
  state: string;
  connected: boolean;
  lastError: LastError | null;
  stateChangedAt: Date | null;
}): Reachability | null {
  if (printer.state === "disabled" || printer.connected) return null;
  const since = printer.state === "offline" ? printer.stateChangedAt : null;
  const message = printer.lastError
    ? readableConnectionError(printer.lastError, printer.host)
    : `The printer did not answer at ${printer.host}.`;
  if (needsNewCredentials(printer)) return { status: "credentials", since, message };
  if (printer.state === "offline" || (printer.state === "unknown" && printer.lastError))
    return { status: "offline", since, message };
  return null;
}
