// The web app's configuration, validated on first use (not at build time, when the
// database is not there yet).
import path from "node:path";
import { z } from "zod";
import {
  createEnv,
  databaseUrlSchema,
  flagSchema,
  logLevelSchema,
  previousSecretKeysSchema,
  reportInvalidEnv,
  secretKeySchema,
  trustedProxiesSchema,
} from "@printernizer/env";
import { offlineGraceMs } from "@printernizer/farm/offline";

function load() {
  return createEnv({
    server: {
      DATABASE_URL: databaseUrlSchema,
      PRINTERNIZER_SECRET: secretKeySchema,
      PRINTERNIZER_SECRET_PREVIOUS: previousSecretKeysSchema,
      LOG_LEVEL: logLevelSchema,
      /** Where the worker keeps downloaded files (files/ inside); the launcher passes its own. */
      PRINTERNIZER_DATA_DIR: z
        .string()
        .min(1)
        .default(path.resolve(process.cwd(), "..", "..", ".data")),
      /** The address people open, when it differs from what the server sees (a reverse proxy); https marks cookies Secure. */
      PRINTERNIZER_PUBLIC_URL: z
        .url({ message: "must be a URL such as https://farm.example.org" })
        .optional(),
      /** Reverse proxies (IPs/CIDRs) whose X-Forwarded-For is believed; without it the socket address is the client. */
      PRINTERNIZER_TRUSTED_PROXIES: trustedProxiesSchema,
      /** Lets webhooks target loopback addresses (a receiver on this machine; tests). */
      PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK: flagSchema,
      /** Seconds a printer is offline before the banner lists it (the worker's notification waits as long); in ms here. */
      PRINTERNIZER_OFFLINE_GRACE_SECONDS: z
        .string()
        .optional()
        .transform((value, ctx) => {
          try {
            return offlineGraceMs(value);
          } catch {
            ctx.addIssue({ code: "custom", message: "must be a number of seconds ≥ 0, e.g. 60" });
            return z.NEVER;
          }
        }),
      /** The largest file the library accepts in one upload, in bytes (default 1 GiB). */
      PRINTERNIZER_LIBRARY_MAX_BYTES: z.coerce
        .number({ message: "must be a number of bytes, e.g. 1073741824 for 1 GiB" })
        .int("must be a whole number of bytes")
        .min(1024, "must be at least 1024 bytes")
        .max(Number.MAX_SAFE_INTEGER, "is too large")
        .default(1024 ** 3),
    },
    // eslint-disable-next-line no-restricted-properties -- the one place the web app reads its environment
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
    onValidationError: reportInvalidEnv,
  });
}

let cached: ReturnType<typeof load> | undefined;
export function serverEnv() {
  return (cached ??= load());
}
