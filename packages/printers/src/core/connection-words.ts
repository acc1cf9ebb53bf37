// The one table that puts a socket, undici or TLS error code into words for a person, and the one
// test for raw socket text (`@printernizer/printers/connection-words`, protocol-free): the worker's
// connection sentences (./connection-sentence) read the code from the error, the web process
// (farm's reachability) finds it in stored raw text such as "connect ECONNREFUSED 192.168.1.40:8883".

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
  ENOTFOUND: "the name could not be resolved",
  EAI_AGAIN: "the name could not be resolved",
  EAI_NONAME: "the name could not be resolved",
  EADDRNOTAVAIL: "the address is not available",
  EPROTO: "TLS failure",
};

/** Words for one error code ("ECONNREFUSED" → "connection refused"); undefined for a code not known. */
export function errorCodeWords(code: string): string | undefined {
  if (Object.hasOwn(codeWords, code)) return codeWords[code];
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return "TLS failure";
  return undefined;
}

/** Anything in a text that looks like an error code. */
const codeInText = /\b(?:E[A-Z0-9_]{3,}|UND_ERR_[A-Z_]+|ERR_(?:SSL|TLS)_[A-Z0-9_]+)\b/g;

/** Words for the first known error code in a raw error text; undefined when it names none. */
export function errorCodeWordsIn(text: string): string | undefined {
  for (const [code] of text.matchAll(codeInText)) {
    const words = errorCodeWords(code);
    if (words) return words;
  }
  return undefined;
}

/** Node / undici socket texts that must not reach a screen as they are, even without a known code. */
const rawSocketText = [
  /\bE[A-Z0-9_]{3,}\b/,
  /\bUND_ERR/,
  /fetch failed/i,
  /socket hang up/i,
  /getaddrinfo/i,
  /\bconnect\s+[A-Z]/,
];

/** Where the first raw socket text (an error code, "connect …", "fetch failed" …) starts in `text`; -1 for none. */
export function rawSocketTextAt(text: string): number {
  const starts = rawSocketText.map((pattern) => text.search(pattern)).filter((i) => i >= 0);
  return starts.length ? Math.min(...starts) : -1;
}
