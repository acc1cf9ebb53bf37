// Decrypts a Printer row's credentials and builds the adapter's config with the kind's own
// `buildConfig` (`@printernizer/printers/kinds`, the one definition the admin form uses too).
import { createHash } from "node:crypto";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { PrinterKindDefinition } from "@printernizer/printers";

export interface PrinterRowForConfig {
  id: string;
  kind: string;
  host: string;
  port: number | null;
  serial: string | null;
  model: string | null;
  credentials: string;
  settings: unknown;
}

export class PrinterConfigError extends Error {}

export function buildAdapterConfig(
  row: PrinterRowForConfig,
  definition: PrinterKindDefinition<unknown>,
  cipher: CredentialCipher,
): unknown {
  let credentials: Record<string, unknown>;
  try {
    credentials = cipher.decryptJson<Record<string, unknown>>(row.credentials);
  } catch (error) {
    throw new PrinterConfigError(
      `the printer's credentials cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const built = definition.metadata.buildConfig({
    host: row.host,
    port: row.port,
    serial: row.serial,
    model: row.model,
    settings: row.settings,
    credentials,
  });
  if (!built.ok) {
    const fields = built.issues.map((issue) => `${issue.field || "config"}: ${issue.message}`).join("; ");
    throw new PrinterConfigError(
      `the printer's settings are incomplete or invalid (${fields}); edit it under Admin → Printers`,
    );
  }
  return built.config;
}

/**
 * A digest of what a printer's adapter is built from (its kind and built config, credentials
 * included): equal for two rows whose adapters would be the same, whatever else differs (name,
 * location, tags) and however the credentials were sealed (every save seals them anew).
 */
export function connectionFingerprint(kind: string, config: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([kind, config], sortedKeys))
    .digest("base64url");
}

/** JSON.stringify replacer: object keys in sorted order, so equal configs give equal text. */
function sortedKeys(_key: string, value: unknown): unknown {
  return value && typeof value === "object" && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;
}
