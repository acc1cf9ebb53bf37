export { PrusaLinkSimulator } from "./prusalink-simulator";
export type { SimulatorDetails } from "./prusalink-simulator";
export type { PrusaLinkFlavour, PrusaLinkSimulatorOptions } from "./simulator-types";
export { makeSampleBgcode } from "./sample-files";
export type { ScriptedAnswer } from "./scripted-answers";
