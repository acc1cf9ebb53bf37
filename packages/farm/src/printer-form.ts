// Turns what an admin typed into a Printer row: connection fields to columns, secret fields
// into the sealed credentials, other kind-specific fields into settings. Secrets are
// write-only: an empty secret keeps the stored one, a typed one replaces it.
import { z } from "zod";
import { printerKindMetadata, type RegisteredKindMetadata } from "@printernizer/printers/metadata";
import { printerKinds } from "@printernizer/printers/registry";

const hostPattern = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

export const ZPrinterFormSchema = z.object({
  kind: z.string().trim().min(1, "Choose the kind of printer."),
  name: z.string().trim().min(1, "Give the printer a name.").max(80, "Keep the name under 80 characters."),
  host: z
    .string()
    .trim()
    .min(1, "Enter the printer's IP address or host name.")
    .max(253, "That host name is too long.")
    .regex(hostPattern, "Enter an IP address (e.g. 192.168.1.50) or a host name, without http:// or a path."),
  port: z.number({ message: "The port must be a number." }).int("The port must be a whole number.").min(1, "Ports run from 1 to 65535.").max(65_535, "Ports run from 1 to 65535.").nullish(),
  model: z.string().trim().max(40, "Keep the model under 40 characters.").nullish(),
  /** Kind-specific fields from the kind's metadata, as typed (secrets: empty = keep). */
  values: z.record(z.string(), z.string().max(4_000, "That value is too long.")).default({}),
});
export type PrinterForm = z.infer<typeof ZPrinterFormSchema>;

export class PrinterFormError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface StoredPrinter {
  kind: string;
  name: string;
  host: string;
  port: number | null;
  model: string | null;
  serial: string | null;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

export interface PrinterRowValues extends StoredPrinter {
  /** Names (never values) of the fields that differ from what was stored. */
  changed: string[];
}

export function kindMetadataOrThrow(kind: string): RegisteredKindMetadata {
  const metadata = printerKindMetadata(kind);
  if (!metadata) throw new PrinterFormError(`Printers of kind "${kind}" are not supported.`, "kind");
  return metadata;
}

/** Builds the row from the form, on top of the stored printer when editing. */
export function printerRowFromForm(form: PrinterForm, stored?: StoredPrinter): PrinterRowValues {
  const metadata = kindMetadataOrThrow(form.kind);
  if (stored && stored.kind !== form.kind) throw new PrinterFormError("A printer's kind cannot change; remove it and add it again.", "kind");
  const credentials: Record<string, string> = { ...(stored?.credentials ?? {}) };
  const settings: Record<string, unknown> = { ...(stored?.settings ?? {}) };
  let serial = stored?.serial ?? null;
  const changed = new Set<string>();
  for (const field of metadata.fields) {
    const typed = form.values[field.name]?.trim() ?? "";
    if (field.secret) {
      if (typed && typed !== credentials[field.name]) {
        credentials[field.name] = typed;
        changed.add(field.name);
      }
    } else if (field.name === "serial") {
      const next = typed || null;
      if (next !== serial) changed.add("serial");
      serial = next;
    } else {
      const previous = field.name in credentials ? credentials[field.name] : settings[field.name];
      if ((typed || undefined) !== previous) changed.add(field.name);
      delete credentials[field.name];
      if (typed) settings[field.name] = typed;
      else delete settings[field.name];
    }
    const present = field.secret ? Boolean(credentials[field.name]) : field.name === "serial" ? Boolean(serial) : Boolean(typed);
    if (field.required && !present) throw new PrinterFormError(`${field.label} is required.`, field.name);
  }
  const row: PrinterRowValues = {
    kind: form.kind,
    name: form.name,
    host: form.host,
    port: form.port ?? null,
    model: form.model?.trim() || null,
    serial,
    credentials,
    settings,
    changed: [],
  };
  for (const key of ["name", "host", "port", "model"] as const) if (!stored || stored[key] !== row[key]) changed.add(key);
  row.changed = [...changed];
  validateAgainstAdapter(row);
  return row;
}

/** The adapter's own config schema has the last word (e.g. PrusaLink: a password or an API key). */
function validateAgainstAdapter(row: PrinterRowValues): void {
  const definition = printerKinds[row.kind];
  if (!definition) return;
  const metadata = kindMetadataOrThrow(row.kind);
  const candidate = { ...row.settings, ...row.credentials, host: row.host, ...(row.port !== null ? { port: row.port } : {}), ...(row.serial ? { serial: row.serial } : {}), ...(row.model ? { model: row.model } : {}) };
  const parsed = definition.configSchema.safeParse(candidate);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const fieldName = String(issue.path[0] ?? "");
  const label = metadata.fields.find((f) => f.name === fieldName)?.label ?? fieldName;
  throw new PrinterFormError(`${label ? `${label}: ` : ""}${issue.message}.`, fieldName || undefined);
}
