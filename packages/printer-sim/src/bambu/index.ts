// The Bambu Lab printer simulator (MQTT over TLS + implicit FTPS) and its pieces.
export { BambuSimulator, startBambuSimulator } from "./bambu-simulator";
export type {
  BambuSimulatorOptions,
  BambuSimulatorDetails,
  HmsEntry,
  PrintRequest,
  StallMode,
} from "./bambu-simulator";
export type { BambuSimModel } from "./report-templates";
export { issueDeviceCertificate, type SimCertificate } from "./sim-certificates";
export { buildZip, readBuiltZip } from "./zip-writer";
export { make3mf, makeGcode } from "./sd-card";
export { makeMultiPlate3mf, type SlicedPlate } from "./multi-plate-3mf";
