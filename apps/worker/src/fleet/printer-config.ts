// Builds an adapter's config from a Printer row: decrypted credentials + non-secret
// settings + the row's connection fields, validated by the kind's own zod schema.
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

export function buildAdapterConfig(row: PrinterRowForConfig, definition: PrinterKindDefinition<unknown>, cipher: CredentialCipher): unknown {
  let credentials: Record<string, unknown>;
  try {
    credentials = cipher.decryptJson<Record<string, unknown>>(row.credentials);
  } catch (error) {
    throw new PrinterConfigError(`the printer's credentials cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const settings = row.settings && typeof row.settings === "object" ? (row.settings as Record<string, unknown>) : {};
  const candidate = {
    ...settings,
    ...credentials,
    host: row.host,
    ...(row.port !== null ? { port: row.port } : {}),
    ...(row.serial !== null ? { serial: row.serial } : {}),
    ...(row.model !== null ? { model: row.model } : {}),
  };
  const parsed = definition.configSchema.safeParse(candidate);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`).join("; ");
    throw new PrinterConfigError(`the printer's settings are incomplete or invalid (${fields}); edit it under Admin → Printers`);
  }
  return parsed.data;
}
