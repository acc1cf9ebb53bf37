// Printer simulators for tests, the demo farm and benchmarks. One process can run many.
export { PrusaLinkSimulator } from "./prusalink/index";
export type {
  PrusaLinkFlavour,
  PrusaLinkSimulatorOptions,
  SimulatorDetails,
  ScriptedAnswer,
} from "./prusalink/index";
export { makeSampleBgcode } from "./prusalink/index";
export { buildBgcode, parseBgcode, bgcodeThumbnails } from "./bgcode";
export { makePng, makeThumbnail } from "./png";
export type { FaultSettings } from "./faults";
export type { ConnectionCounters } from "./sim-http-server";
export { startControlServer } from "./control-server";
export type { ControlServer, ControllablePrinter } from "./control-server";
