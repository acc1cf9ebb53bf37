// Printer kinds, their metadata (cheap to import for UI and validation) and factories.
// The compiler checks that every PrinterKind has an entry.
import type { z } from "zod";
import type { AdapterContext, PrinterAdapter, PrinterKind } from "./adapter";

export interface CredentialField {
  name: string;
  label: string;
  type: "text" | "password";
  /** Secrets are stored encrypted and never returned to a client. */
  secret: boolean;
  required: boolean;
  help?: string;
}

export type PrinterCapability = "pause" | "resume" | "cancel" | "files" | "download" | "thumbnails" | "ams" | "light" | "speed";

export interface PrinterKindMetadata {
  kind: PrinterKind;
  displayName: string;
  defaultPort: number;
  fields: CredentialField[];
  capabilities: PrinterCapability[];
  models: string[];
}

export interface PrinterKindDefinition<TConfig = unknown> {
  metadata: PrinterKindMetadata;
  /** Validates the decrypted config (host, port, credentials) before an adapter is made. */
  configSchema: z.ZodType<TConfig>;
  create(context: AdapterContext<TConfig>): PrinterAdapter;
}
