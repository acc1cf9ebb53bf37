// Every printer kind's metadata, without protocol code (`@printernizer/printers/kinds`): the one
// place the web app, the api and the worker learn a kind's label, admin form fields, config
// schema, `buildConfig`, capabilities, connection help and error help links. Adapters live
// apart in ./registry, which only the worker imports.
import type { PrinterKind } from "./core/adapter";
import type { PrinterKindMetadata, PrinterRowForConfig, BuildConfigResult } from "./core/kind-metadata";
import { bambuMetadata } from "./bambu/bambu-metadata";
import { prusalinkMetadata } from "./prusalink/prusalink-metadata";

export type { PrinterKind } from "./core/adapter";
export type {
  CredentialField,
  PrinterCapabilities,
  ConnectionHelp,
  PrinterKindMetadata,
  PrinterRowForConfig,
  BuildConfigResult,
  ConfigIssue,
} from "./core/kind-metadata";

/** Metadata of a kind registered at run time (its `kind` need not be a built-in PrinterKind). */
export type RegisteredKindMetadata = Omit<PrinterKindMetadata, "kind"> & { kind: string };

// A full Record: the compiler demands metadata for every PrinterKind.
const builtInMetadata = {
  bambu: bambuMetadata,
  prusalink: prusalinkMetadata,
} satisfies Record<PrinterKind, PrinterKindMetadata<unknown>>;

/** The built-in kinds, in the order forms and filters list them. */
export const printerKindList = Object.keys(builtInMetadata) as PrinterKind[];

const metadataByKind: Record<string, RegisteredKindMetadata | undefined> = {
  ...(builtInMetadata as Record<PrinterKind, RegisteredKindMetadata>),
};

export function isPrinterKind(kind: string): kind is PrinterKind {
  return Object.hasOwn(builtInMetadata, kind);
}

/** A built-in kind's metadata (always there: the Record above is complete). */
export function builtInKindMetadata(kind: PrinterKind): PrinterKindMetadata<unknown> {
  return builtInMetadata[kind];
}

export function printerKindMetadata(kind: string): RegisteredKindMetadata | undefined {
  return Object.hasOwn(metadataByKind, kind) ? metadataByKind[kind] : undefined;
}

export function listPrinterKindMetadata(): RegisteredKindMetadata[] {
  return Object.values(metadataByKind).filter((metadata) => metadata !== undefined);
}

/** The kind's short label ("Bambu Lab"), or the kind itself for one this version does not know. */
export function printerKindLabel(kind: string): string {
  return printerKindMetadata(kind)?.label ?? kind;
}

/** The adapter config of a row of this kind (credentials decrypted); undefined for an unknown kind. */
export function buildPrinterConfig(
  kind: string,
  row: PrinterRowForConfig,
): BuildConfigResult<unknown> | undefined {
  return printerKindMetadata(kind)?.buildConfig(row);
}

/**
 * The vendor's page explaining a printer error, where one is known: the adapter's own link
 * (Bambu HMS codes carry one), else the kind's rule for its codes.
 */
export function errorHelpUrl(kind: string, error: { code: string; url?: string | null }): string | null {
  if (error.url) return error.url;
  return printerKindMetadata(kind)?.errorHelpUrl(error.code) ?? null;
}

/** Used by `register()` in ./registry; adds a new kind's metadata. */
export function registerKindMetadata(metadata: RegisteredKindMetadata): void {
  if (printerKindMetadata(metadata.kind))
    throw new Error(`printer kind "${metadata.kind}" is already registered`);
  metadataByKind[metadata.kind] = metadata;
}

export { recognizePrinterModel, slicerModelIdsMatching, type RecognizedModel } from "./model-names";
