export * from "./metadata";
export { readPrintFile } from "./read-print-file";
export { estimatedSecondsOf, filamentsOf, plateOf } from "./plate-helpers";
export { SafeZip, ZIP_LIMITS } from "./threemf/safe-zip";
