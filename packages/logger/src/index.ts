// Structured logging (pino) for every process. Secrets are redacted by key name wherever
// they appear in a logged object, so a stray `logger.info({ config })` cannot leak them.
import { pino, type Logger } from "pino";
import { redactUrlsIn } from "./redact-url";

export type { Logger } from "pino";
export { redactUrl, redactUrlsIn } from "./redact-url";

export const redactedKeys = [
  "password",
  "accessCode",
  "apiKey",
  "credentials",
  "secret",
  "token",
  "authorization",
  "cookie",
] as const;

const redactPaths = redactedKeys.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `headers.${key}`,
  `req.headers.${key}`,
]);

export interface CreateLoggerOptions {
  name: string;
  level?: string;
  /** Where to write (defaults to stdout); tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? "info",
      redact: { paths: redactPaths, censor: "[redacted]" },
      // an error's message or stack may quote a URL with its user info or token (fetch, undici, pg)
      serializers: { err: serializeError },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

function serializeError(error: Error) {
  const serialized = pino.stdSerializers.err(error);
  if (typeof serialized.message === "string") serialized.message = redactUrlsIn(serialized.message);
  if (typeof serialized.stack === "string") serialized.stack = redactUrlsIn(serialized.stack);
  return serialized;
}
