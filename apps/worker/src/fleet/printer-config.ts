// Decrypts a Printer row's credentials and builds the adapter's config with the kind's own
// `buildConfig` (`@printernizer/printers/kinds`, the one definition the admin form uses too).
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
