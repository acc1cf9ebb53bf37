// The worker's configuration, validated once at start (see @printernizer/env).
import path from "node:path";
import {
  createEnv,
  databaseUrlSchema,
  flagSchema,
  logLevelSchema,
  portSchema,
  previousSecretKeysSchema,
  reportInvalidEnv,
  secretKeySchema,
} from "@printernizer/env";
import { DEFAULT_OFFLINE_GRACE_MS, MAX_OFFLINE_GRACE_SECONDS } from "@printernizer/farm/offline";
import { z } from "zod";

export function loadWorkerEnv(source: Record<string, string | undefined>) {
  return createEnv({
    server: {
      DATABASE_URL: databaseUrlSchema,
      PRINTERNIZER_SECRET: secretKeySchema,
      PRINTERNIZER_SECRET_PREVIOUS: previousSecretKeysSchema,
      PRINTERNIZER_WORKER_PORT: portSchema.default(4001),
      PRINTERNIZER_WORKER_HOST: z.string().default("127.0.0.1"),
      PRINTERNIZER_WORKER_ID: z.string().min(1).optional(),
      PRINTERNIZER_HEARTBEAT_MS: z.coerce.number().int().min(500).default(5_000),
      PRINTERNIZER_DATA_DIR: z
        .string()
        .min(1)
        .default(path.resolve(import.meta.dirname, "..", "..", "..", ".data")),
      /** Telemetry-only status changes are written at most this often per printer. */
      PRINTERNIZER_STATUS_COALESCE_MS: z.coerce.number().int().min(0).default(2_000),
      PRINTERNIZER_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
      PRINTERNIZER_LEASE_MS: z.coerce.number().int().min(2_000).default(8_000),
      PRINTERNIZER_FLEET_TICK_MS: z.coerce.number().int().min(200).default(2_000),
      /** At most this many printers make their first connection attempt at once (start, failover). */
      PRINTERNIZER_PARALLEL_CONNECTS: z.coerce.number().int().min(1).max(1_000).default(100),
      /** /health answers 503 when a queued write has waited this long for the database. */
      PRINTERNIZER_WRITE_STALL_MS: z.coerce.number().int().min(1_000).default(15_000),
      PRINTERNIZER_RETENTION_INTERVAL_MS: z.coerce.number().int().min(60_000).default(3_600_000),
      /** A printer unreachable this long gets a printer_offline notification (and the web's banner). */
      PRINTERNIZER_OFFLINE_GRACE_SECONDS: z.coerce
        .number()
        .min(0)
        .max(MAX_OFFLINE_GRACE_SECONDS)
        .default(DEFAULT_OFFLINE_GRACE_MS / 1000),
      /** After the third refused login, a printer is tried again this often (until its credentials change). */
      PRINTERNIZER_AUTH_RETRY_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
      /** The web app's address people open; notifications link to the printer's page under it. */
      PRINTERNIZER_PUBLIC_URL: z
        .url({ message: "must be a URL such as https://farm.example.org" })
        .optional(),
      /** Lets webhooks be sent to loopback addresses (a receiver on this machine; tests). */
      PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK: flagSchema,
      /** At most this many uploads to printers at once (start_print, stage_file); the rest wait their turn. */
      PRINTERNIZER_MAX_PARALLEL_UPLOADS: z.coerce.number().int().min(1).max(64).default(4),
      /** A printer's camera stays open this long after its last viewer left (a reload finds it still open). */
      PRINTERNIZER_CAMERA_LINGER_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
      LOG_LEVEL: logLevelSchema,
    },
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: reportInvalidEnv,
  });
}

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;
