// Printer queries shared by tRPC, the worker and tests. Never selects `credentials`.
import type { Db } from "@printernizer/db";

export const publicPrinterSelect = {
  id: true,
  kind: true,
  name: true,
  host: true,
  port: true,
  serial: true,
  model: true,
  enabled: true,
  isDemo: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function listPrinters(db: Db) {
  return db.printer.findMany({ select: publicPrinterSelect, orderBy: { name: "asc" } });
}
