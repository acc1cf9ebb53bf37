// Metadata of every printer kind, without any protocol code: cheap for the web UI and for
// validation to import (`@printernizer/printers/metadata`).
import type { PrinterKind } from "./core/adapter";
import type { PrinterKindMetadata } from "./core/registry";
import { prusalinkMetadata } from "./prusalink/prusalink-metadata";
import { bambuMetadata } from "./bambu/bambu-metadata";

/** Metadata of a kind registered at run time (its `kind` need not be a built-in PrinterKind). */
export type RegisteredKindMetadata = Omit<PrinterKindMetadata, "kind"> & { kind: string };

// A full Record: the compiler demands metadata for every PrinterKind.
const builtInMetadata = {
  prusalink: prusalinkMetadata,
  bambu: bambuMetadata,
} satisfies Record<PrinterKind, PrinterKindMetadata>;

const metadataByKind: Record<string, RegisteredKindMetadata> = { ...builtInMetadata };

export function printerKindMetadata(kind: string): RegisteredKindMetadata | undefined {
  return metadataByKind[kind];
}

export function listPrinterKindMetadata(): RegisteredKindMetadata[] {
  return Object.values(metadataByKind);
}

/** Used by `register()` in ./registry; adds a new kind's metadata. */
export function registerMetadata(metadata: RegisteredKindMetadata): void {
  if (metadataByKind[metadata.kind]) throw new Error(`printer kind "${metadata.kind}" is already registered`);
  metadataByKind[metadata.kind] = metadata;
}

export { prusalinkMetadata, bambuMetadata };
