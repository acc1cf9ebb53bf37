// Why a database write failed, in the terms the flusher acts on:
// - transient: the database is away, restarting, overloaded or asked us to retry
//   (connection refused/lost, 08xxx, 53xxx, 57P01–57P03, 40001, 40P01, 55P03). Retry with backoff.
// - rejected: the data itself was refused (22xxx such as 22P05 NUL / 22003 out of range,
//   23xxx constraints, 42xxx, 54xxx limits). Retrying can never succeed.
// - timeout: the transaction outlived its limit. A lock or a slow moment, or one op too big to
//   write in time: the flusher splits the batch and gives up on an op that times out alone twice.
// - unknown: anything else; treated as suspect data, given up on after a few lone attempts.
export type WriteErrorClass = "transient" | "rejected" | "timeout" | "unknown";

export interface ClassifiedWriteError {
  class: WriteErrorClass;
  /** The PostgreSQL SQLSTATE when the database answered with one. */
  sqlState?: string;
  message: string;
}

const transientStates = [/^08/, /^53/, /^57P0[123]$/, /^40001$/, /^40P01$/, /^55P03$/, /^58/];
const rejectedStates = [/^22/, /^23/, /^42/, /^54/, /^2F/, /^44/];
const transientNodeCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);
/** Prisma's own codes: can't reach / connection closed / pool timeout / the server closed it. */
const transientPrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034", "P2037"]);
const transientKinds = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionWriteConflict",
]);
const rejectedKinds = new Set([
  "ValueOutOfRange",
  "InvalidInputValue",
  "LengthMismatch",
  "UniqueConstraintViolation",
  "NullConstraintViolation",
  "ForeignKeyConstraintViolation",
  "MissingFullTextSearchIndex",
]);
const transientMessages =
  /connection terminated|terminating connection|database system is (shutting down|starting up|in recovery)|connection (refused|reset|closed)|server closed the connection|Connection ended|Unable to start a transaction in the given time|too many clients/i;
const timeoutMessages =
  /expired transaction|timeout for this transaction|Transaction already closed|canceling statement due to statement timeout/i;

interface Facts {
  sqlStates: string[];
  codes: string[];
  kinds: string[];
  messages: string[];
  /** PostgreSQL's own words, as the driver adapter passes them on. */
  databaseMessages: string[];
}

/** Collects SQLSTATEs, error codes, adapter error kinds and messages from an error and its causes. */
function collect(error: unknown): Facts {
  const facts: Facts = { sqlStates: [], codes: [], kinds: [], messages: [], databaseMessages: [] };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || seen.has(value) || depth > 6) return;
    seen.add(value);
    const v = value as Record<string, unknown>;
    for (const key of ["originalCode", "code"]) {
      const code = v[key];
      if (typeof code !== "string") continue;
      if (/^[0-9A-Z]{5}$/.test(code) && !/^P\d{4}$/.test(code)) facts.sqlStates.push(code);
      else facts.codes.push(code);
    }
    if (typeof v.kind === "string") facts.kinds.push(v.kind);
    if (typeof v.message === "string") facts.messages.push(v.message);
    if (typeof v.originalMessage === "string") facts.databaseMessages.push(v.originalMessage);
    visit(v.cause, depth + 1);
    visit(v.meta, depth + 1);
    visit(v.driverAdapterError, depth + 1);
    if (Array.isArray(v.errors)) for (const inner of v.errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  return facts;
}

export function classifyWriteError(error: unknown): ClassifiedWriteError {
  const facts = collect(error);
  const sqlState = facts.sqlStates[0];
  const message = shortMessage(facts, error);
  const result = (cls: WriteErrorClass): ClassifiedWriteError => ({ class: cls, sqlState, message });
  if (sqlState === "57014") return result("timeout"); // statement timeout / canceled
  if (sqlState && transientStates.some((r) => r.test(sqlState))) return result("transient");
  if (sqlState && rejectedStates.some((r) => r.test(sqlState))) return result("rejected");
  const text = [...facts.messages, ...facts.databaseMessages].join(" ");
  if (facts.codes.some((c) => transientNodeCodes.has(c) || transientPrismaCodes.has(c)))
    return result("transient");
  if (facts.kinds.some((k) => transientKinds.has(k))) return result("transient");
  if (transientMessages.test(text)) return result("transient");
  if (facts.codes.includes("P2028") || timeoutMessages.test(text)) return result("timeout");
  if (facts.kinds.some((k) => rejectedKinds.has(k))) return result("rejected");
  return result("unknown");
}

/** The database's own words (not Prisma's call-site preamble), one line, bounded. */
function shortMessage(facts: Facts, error: unknown): string {
  const whole = error instanceof Error ? error.message : String(error);
  const lastLine =
    whole
      .split("\n")
      .filter((l) => l.trim())
      .pop() ?? whole;
  const driver =
    facts.databaseMessages.find((m) => m.trim()) ??
    facts.messages.find((m) => m.trim() && !m.includes("\n")) ??
    lastLine;
  return driver.replace(/\s+/g, " ").trim().slice(0, 300);
}
