// A printer kind as the worker uses it: its metadata (protocol-free, see ./kind-metadata) and the
// adapter factory. The compiler checks that every PrinterKind has an entry.
import type { AdapterContext, PrinterAdapter } from "./adapter";
import type { PrinterKindMetadata } from "./kind-metadata";

export type {
  CredentialField,
  PrinterCapabilities,
  ConnectionHelp,
  PrinterKindMetadata,
  PrinterRowForConfig,
  BuildConfigResult,
  ConfigIssue,
} from "./kind-metadata";

export interface PrinterKindDefinition<TConfig = unknown> {
  /** Label, fields, capabilities, the config schema and `buildConfig`. */
  metadata: PrinterKindMetadata<TConfig>;
  create(context: AdapterContext<TConfig>): PrinterAdapter;
}
