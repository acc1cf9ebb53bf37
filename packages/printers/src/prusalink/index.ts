// PrusaLink: the kind definition (metadata with the config schema, and the adapter factory) and its public pieces.
import type { PrinterKindDefinition } from "../core/registry";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import type { PrusaLinkConfig } from "./prusalink-config";
import { prusalinkMetadata } from "./prusalink-metadata";

export const prusalinkKind: PrinterKindDefinition<PrusaLinkConfig> = {
  metadata: prusalinkMetadata,
  create: (context) => new PrusaLinkAdapter(context),
};

export { PrusaLinkAdapter } from "./prusalink-adapter";
export { PrusaLinkConfigSchema, type PrusaLinkConfig } from "./prusalink-config";
export { prusalinkMetadata } from "./prusalink-metadata";
export { parseDigestChallenge, rfc2069Response, rfc2617Response, DigestSession } from "./prusalink-digest";
