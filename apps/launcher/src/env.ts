// What the start command can be told. Everything has a default that works on a laptop.
import path from "node:path";
import {
  createEnv,
  databaseUrlSchema,
  portSchema,
  reportInvalidEnv,
  secretKeySchema,
} from "@printernizer/env";
import { z } from "zod";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

export function loadLauncherEnv(source: Record<string, string | undefined>) {
  return createEnv({
    server: {
      DATABASE_URL: databaseUrlSchema.optional(),
      PRINTERNIZER_SECRET: secretKeySchema.optional(),
      PRINTERNIZER_DATA_DIR: z.string().min(1).default(path.join(repoRoot, ".data")),
      PRINTERNIZER_PG_PORT: portSchema.default(54329),
      PORT: portSchema.default(3000),
      PRINTERNIZER_HOST: z.string().min(1).default("0.0.0.0"),
      PRINTERNIZER_WORKER_PORT: portSchema.default(4001),
      /** "off" disables the simulated demo farm of the embedded default. */
      PRINTERNIZER_DEMO: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
    },
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: reportInvalidEnv,
  });
}

export type LauncherEnv = ReturnType<typeof loadLauncherEnv>;
