// Structured logging (pino) for every process. Secrets are redacted by key name wherever
// they appear in a logged object, so a stray `logger.info({ config })` cannot leak them.
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

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

const redactPaths = redactedKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`, `req.headers.${key}`]);

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
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
