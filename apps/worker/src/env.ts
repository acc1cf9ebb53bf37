// The worker's configuration, validated once at start (see @printernizer/env).
import { createEnv, databaseUrlSchema, logLevelSchema, portSchema, previousSecretKeysSchema, reportInvalidEnv, secretKeySchema } from "@printernizer/env";
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
      LOG_LEVEL: logLevelSchema,
    },
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: reportInvalidEnv,
  });
}

export type WorkerEnv = ReturnType<typeof loadWorkerEnv>;
