// The table of printer kinds the worker creates adapters from (`@printernizer/printers/registry`).
// Only the worker imports it: it loads every adapter (mqtt, FTP, HTTP). Metadata lives apart in
// ./kinds so the web app can import it without protocol code.
import type { PrinterKind } from "./core/adapter";
import type { PrinterKindDefinition } from "./core/registry";
import { registerKindMetadata, type RegisteredKindMetadata } from "./kinds";
import { prusalinkKind } from "./prusalink/index";
import { bambuKind } from "./bambu/index";

// `any`: each entry has its own config type; the worker validates with the entry's own schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKindDefinition = PrinterKindDefinition<any>;

// A full Record: the compiler demands an entry for every PrinterKind.
const builtInKinds = {
  prusalink: prusalinkKind,
  bambu: bambuKind,
} satisfies Record<PrinterKind, AnyKindDefinition>;

/** Definitions by kind, as the worker looks them up (`printerKinds[row.kind]`). */
export const printerKinds: Readonly<Record<string, AnyKindDefinition | undefined>> = { ...builtInKinds };

/** A definition for a kind that is not built in (its metadata `kind` is any new string). */
export type RegisteredKindDefinition<TConfig> = Omit<PrinterKindDefinition<TConfig>, "metadata"> & {
  metadata: RegisteredKindMetadata;
};

/** Adds a printer kind at run time (plugins, tests). Throws if the kind exists. */
export function register<TConfig>(definition: RegisteredKindDefinition<TConfig>): void {
  const kind = definition.metadata.kind;
  if (printerKinds[kind]) throw new Error(`printer kind "${kind}" is already registered`);
  registerKindMetadata(definition.metadata);
  (printerKinds as Record<string, AnyKindDefinition>)[kind] = definition as unknown as AnyKindDefinition;
}
