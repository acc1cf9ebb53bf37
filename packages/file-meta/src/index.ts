export * from "./metadata";
export { readPrintFile } from "./read-print-file";
