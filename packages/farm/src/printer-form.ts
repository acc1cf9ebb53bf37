// Turns what an admin typed into a Printer row: connection fields to columns, secret fields
// into the sealed credentials, other kind-specific fields into settings. Secrets are
// write-only: an empty secret keeps the stored one, a typed one replaces it.
import { z } from "zod";
import {
  builtInKindMetadata,
  isPrinterKind,
  type PrinterKind,
  type PrinterKindMetadata,
} from "@printernizer/printers/kinds";
import { ZPrinterLocationSchema, ZPrinterTagsSchema } from "./printer-placement";

const hostPattern =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

export const ZPrinterFormSchema = z.object({
  kind: z.string().trim().min(1, "Choose the kind of printer."),
  name: z.string().trim().min(1, "Give the printer a name.").max(80, "Keep the name under 80 characters."),
  host: z
    .string()
    .trim()
    .min(1, "Enter the printer's IP address or host name.")
    .max(253, "That host name is too long.")
    .regex(hostPattern, "Enter an IP address (e.g. 192.168.1.50) or a host name, without http:// or a path."),
  port: z
    .number({ message: "The port must be a number." })
    .int("The port must be a whole number.")
    .min(1, "Ports run from 1 to 65535.")
    .max(65_535, "Ports run from 1 to 65535.")
    .nullish(),
  model: z.string().trim().max(40, "Keep the model under 40 characters.").nullish(),
  /** Ejection system: a finished print does not wait for "plate cleared". Absent = keep (off for a new printer). */
  autoClearPlate: z.boolean({ message: "Auto-clear is on or off." }).optional(),
  /** Where it stands ("Room 2 / Rack A"); absent = keep, empty = no location. */
  location: ZPrinterLocationSchema.optional(),
  /** Free labels; absent = keep. Tidied and de-duplicated (case-insensitive). */
  tags: ZPrinterTagsSchema.optional(),
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
  autoClearPlate?: boolean;
  location?: string | null;
  tags?: string[];
}

export interface PrinterRowValues extends StoredPrinter {
  /** A built-in kind: the same list as the Prisma enum (./printer-kinds checks both ways). */
  kind: PrinterKind;
  autoClearPlate: boolean;
  location: string | null;
  tags: string[];
  /** Names (never values) of the fields that differ from what was stored. */
  changed: string[];
}

export function printerKindOrThrow(kind: string): PrinterKind {
  if (!isPrinterKind(kind))
    throw new PrinterFormError(`Printers of kind "${kind}" are not supported.`, "kind");
  return kind;
}

/** Builds the row from the form, on top of the stored printer when editing. */
export function printerRowFromForm(form: PrinterForm, stored?: StoredPrinter): PrinterRowValues {
  const kind = printerKindOrThrow(form.kind);
  const metadata = builtInKindMetadata(kind);
  if (stored && stored.kind !== form.kind)
    throw new PrinterFormError("A printer's kind cannot change; remove it and add it again.", "kind");
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
    const present = field.secret
      ? Boolean(credentials[field.name])
      : field.name === "serial"
        ? Boolean(serial)
        : Boolean(typed);
    if (field.required && !present) throw new PrinterFormError(`${field.label} is required.`, field.name);
  }
  const row: PrinterRowValues = {
    kind,
    name: form.name,
    host: form.host,
    port: form.port ?? null,
    model: form.model?.trim() || null,
    serial,
    credentials,
    settings,
    autoClearPlate: form.autoClearPlate ?? stored?.autoClearPlate ?? false,
    location: form.location !== undefined ? form.location : (stored?.location ?? null),
    tags: form.tags ?? stored?.tags ?? [],
    changed: [],
  };
  for (const key of ["name", "host", "port", "model", "autoClearPlate", "location"] as const)
    if (!stored || stored[key] !== row[key]) changed.add(key);
  if (!stored || (stored.tags ?? []).join("\n") !== row.tags.join("\n")) changed.add("tags");
  row.changed = [...changed];
  validateWithKindConfig(row, metadata);
  return row;
}

/** The kind's `buildConfig` (the one the worker uses) has the last word (e.g. PrusaLink: a password or an API key). */
function validateWithKindConfig(row: PrinterRowValues, metadata: PrinterKindMetadata<unknown>): void {
  const built = metadata.buildConfig({
    host: row.host,
    port: row.port,
    serial: row.serial,
    model: row.model,
    settings: row.settings,
    credentials: row.credentials,
  });
  if (built.ok) return;
  const issue = built.issues[0];
  const fieldName = issue?.field.split(".")[0] ?? "";
  const label = metadata.fields.find((f) => f.name === fieldName)?.label ?? fieldName;
  throw new PrinterFormError(
    `${label ? `${label}: ` : ""}${issue?.message ?? "the settings are invalid"}.`,
    fieldName || undefined,
  );
}
