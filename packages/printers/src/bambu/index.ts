// Bambu Lab (LAN mode): the kind definition (metadata with the config schema, and the adapter factory) and its public pieces.
import type { PrinterKindDefinition } from "../core/registry";
import { BambuAdapter } from "./bambu-adapter";
import type { BambuConfig } from "./bambu-config";
import { bambuMetadata } from "./bambu-metadata";

export const bambuKind: PrinterKindDefinition<BambuConfig> = {
  metadata: bambuMetadata,
  create: (context) => new BambuAdapter(context),
};

export { BambuAdapter, toTestResult } from "./bambu-adapter";
export type { BambuAdapterContext, BambuSpeedLevel } from "./bambu-adapter";
export { BambuConfigSchema, defaultBambuTimings, type BambuConfig, type BambuTimings } from "./bambu-config";
export { bambuMetadata } from "./bambu-metadata";
export { normalizeFingerprint } from "./bambu-certificate";
export { mergeReport } from "./bambu-merge";
export { hmsCode, printErrorCode } from "./bambu-hms";
export { normalizeStatus, normalizeIdentity } from "./bambu-normalize";
export {
  BAMBU_FTP_SEARCH_PATHS,
  BAMBU_MODEL_NAMES,
  BAMBU_MODELS,
  bambuModelFacts,
  modelFromSerial,
  recognizeModel,
  type BambuCameraKind,
  type BambuModel,
  type BambuModelFacts,
} from "./bambu-models";
