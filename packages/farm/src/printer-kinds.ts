// Ties the database's `PrinterKind` enum (schema.prisma) to the printers package's kinds, both
// ways, at compile time: a kind added on one side only makes one of these two functions fail
// `tsc` ("Type '"<kind>"' is not assignable …"). printer-kinds.test.ts checks the same at run
// time against the schema file. Adding a vendor: its kind in the printers package + one enum migration.
import type { PrinterKind as DbPrinterKind } from "@printernizer/db";
import type { PrinterKind } from "@printernizer/printers/kinds";

/** Every printers-package kind is a database kind. */
export function databasePrinterKind(kind: PrinterKind): DbPrinterKind {
  return kind;
}

/** Every database kind has metadata in the printers package. */
export function metadataPrinterKind(kind: DbPrinterKind): PrinterKind {
  return kind;
}
