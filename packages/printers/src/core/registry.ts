// A printer kind as the worker uses it: its metadata (protocol-free, see ./kind-metadata) and the
// adapter factory. The table of them (the compiler checks every PrinterKind has one) is ../registry;
// the metadata types are exported from `@printernizer/printers/kinds`.
import type { AdapterContext, PrinterAdapter } from "./adapter";
import type { PrinterKindMetadata } from "./kind-metadata";

export interface PrinterKindDefinition<TConfig = unknown> {
  /** Label, fields, capabilities, the config schema and `buildConfig`. */
  metadata: PrinterKindMetadata<TConfig>;
  create(context: AdapterContext<TConfig>): PrinterAdapter;
}
