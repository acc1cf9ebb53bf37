export { PrusaLinkSimulator } from "./prusalink-simulator";
export type { PrusaLinkFlavour, PrusaLinkSimulatorOptions, SimulatorDetails } from "./prusalink-simulator";
export { makeSampleBgcode } from "./sample-files";
export type { ScriptedAnswer } from "./scripted-answers";
