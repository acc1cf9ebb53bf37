// What the rest of the product knows about a printer kind, as plain data and zod: label, the
// admin form's fields, the config schema, how a Printer row becomes the adapter's config,
// capabilities, connection help and error help links. No protocol code: the web process
// imports it through `@printernizer/printers/kinds`.
import type { z } from "zod";
import type { PrinterKind } from "./adapter";

export interface CredentialField {
  name: string;
  label: string;
  type: "text" | "password";
  /** Secrets are stored encrypted and never returned to a client. */
  secret: boolean;
  required: boolean;
  help?: string;
}

/**
 * What the product does with a printer of this kind today, end to end (adapter, worker and
 * web). True only for what a user can really use; the web shows controls from these.
 */
export interface PrinterCapabilities {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  /** Starting a print from the app (nothing starts prints yet). */
  startPrint: boolean;
  /** Listing the printer's storage (the Files section, `refresh_files`). */
  files: boolean;
  /** Fetching a listed file into the file store (`download_file`). */
  download: boolean;
  /** The job's preview image, fetched by the worker when a job starts. */
  thumbnails: boolean;
  /** Several filament slots (Bambu AMS) reported per tray. */
  ams: boolean;
  /** How the app shows the printer's camera. */
  camera: "none" | "snapshot" | "stream";
}

/** Texts the app shows when an admin adds or tests a printer of this kind. */
export interface ConnectionHelp {
  /** One line for the empty dashboard: how the app talks to these printers. */
  summary: string;
  /** What an admin needs at hand to add one. */
  needs: string;
  /** What to check when the printer refuses the credentials. */
  authorization: string;
}

/** A Printer row with its credentials already decrypted: what `buildConfig` turns into the adapter's config. */
export interface PrinterRowForConfig {
  host: string;
  port: number | null;
  serial: string | null;
  model: string | null;
  /** Non-secret kind fields (JSON column). */
  settings: unknown;
  /** Decrypted secret fields. */
  credentials: Record<string, unknown>;
}

export interface ConfigIssue {
  /** The config key the issue is about ("" for the whole config). */
  field: string;
  message: string;
}

export type BuildConfigResult<TConfig> = { ok: true; config: TConfig } | { ok: false; issues: ConfigIssue[] };

export interface PrinterKindMetadata<TConfig = unknown> {
  kind: PrinterKind;
  /** Short name on cards, filters and the printer page, e.g. "Bambu Lab". */
  label: string;
  /** Name with the protocol, for the admin form, e.g. "Bambu Lab (LAN)". */
  displayName: string;
  defaultPort: number;
  /** The admin form's kind-specific fields; secret ones are sealed into `credentials`. */
  fields: CredentialField[];
  models: string[];
  capabilities: PrinterCapabilities;
  connectionHelp: ConnectionHelp;
  /** Validates the decrypted config (host, port, credentials) before an adapter is made. */
  configSchema: z.ZodType<TConfig>;
  /** The one way from a Printer row (credentials decrypted) to the adapter's config. */
  buildConfig(row: PrinterRowForConfig): BuildConfigResult<TConfig>;
  /** The vendor's page about an error code, when the code has a known form. */
  errorHelpUrl(code: string): string | null;
}

/** Trimmed text, or undefined when empty: an empty column means "not set". */
export function presentText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The row's `settings` JSON as an object (anything else counts as no settings). */
export function settingsObject(settings: unknown): Record<string, unknown> {
  return settings && typeof settings === "object" && !Array.isArray(settings)
    ? (settings as Record<string, unknown>)
    : {};
}

/** Parses a candidate config with the kind's schema into a result naming each failing field. */
export function parseConfig<TConfig>(
  schema: z.ZodType<TConfig>,
  candidate: Record<string, unknown>,
): BuildConfigResult<TConfig> {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}
