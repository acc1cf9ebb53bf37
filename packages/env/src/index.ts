// Shared pieces of every app's env: the zod rules for variables more than one process
// reads, and the one way a bad configuration is reported (one line, exit code 1).
import type { StandardSchemaV1 } from "@t3-oss/env-core";
import { z } from "zod";

export { createEnv } from "@t3-oss/env-core";

/** Prints `invalid configuration: VAR: what is wrong` and exits 1. */
export function reportInvalidEnv(issues: readonly StandardSchemaV1.Issue[]): never {
  const parts = issues.map((issue) => {
    const name =
      issue.path?.map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".") ?? "env";
    return `${name}: ${issue.message}`;
  });
  console.error(`invalid configuration: ${parts.join("; ")}`);
  process.exit(1);
}

export const databaseUrlSchema = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must be a postgres:// or postgresql:// URL");

/** 32 bytes as 64 hex characters or base64. */
export const secretKeySchema = z
  .string()
  .refine(
    (value) => /^[0-9a-fA-F]{64}$/.test(value.trim()) || Buffer.from(value.trim(), "base64").length === 32,
    "must be 32 random bytes written as 64 hex characters (create one with `openssl rand -hex 32`)",
  );

export const previousSecretKeysSchema = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean)
      : [],
  )
  .pipe(z.array(secretKeySchema));

export const portSchema = z.coerce
  .number("must be a port number")
  .int("must be a whole port number")
  .min(0, "must be a port number from 0 (any free port) to 65535")
  .max(65535, "must be a port number from 0 (any free port) to 65535");

export const logLevelSchema = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
  .default("info");

/** PRINTERNIZER_TRUSTED_PROXIES: comma-separated IP addresses or CIDR ranges whose X-Forwarded-For is believed. */
export const trustedProxiesSchema = z
  .string()
  .optional()
  .transform((value) =>
    value
      ? value
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean)
      : [],
  )
  .pipe(
    z.array(
      z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
        message: "must be IP addresses or CIDR ranges separated by commas, e.g. 10.0.0.1,172.16.0.0/12",
      }),
    ),
  );

/** An on/off switch: 1/true/on or 0/false/off; unset is off. */
export const flagSchema = z
  .enum(["1", "0", "true", "false", "on", "off"], { message: "must be 1 or 0 (also true/false, on/off)" })
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "on");
