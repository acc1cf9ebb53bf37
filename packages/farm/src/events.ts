// The farm-wide event log and the connection-health view.
import type { Db, Prisma } from "@printernizer/db";
import { z } from "zod";
import { eventContexts } from "./event-actors";
import { ZRowIdSchema } from "./input-schemas";

export const ZEventFilterSchema = z.object({
  printerId: ZRowIdSchema.optional(),
  types: z.array(z.string().min(1).max(64)).max(30).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type EventFilter = z.infer<typeof ZEventFilterSchema>;

export async function listEvents(db: Db, filter: EventFilter, page: { cursor?: bigint; limit: number }) {
  const where: Prisma.PrinterEventWhereInput = {
    printerId: filter.printerId,
    type: filter.types?.length ? { in: filter.types } : undefined,
    createdAt: { gte: filter.from, lte: filter.to },
    ...(page.cursor !== undefined ? { id: { lt: page.cursor } } : {}),
  };
  const rows = await db.printerEvent.findMany({ where, orderBy: { id: "desc" }, take: page.limit + 1 });
  const names = new Map(
    (
      await db.printer.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.printerId).filter((id): id is string => !!id))] } },
        select: { id: true, name: true },
      })
    ).map((p) => [p.id, p.name]),
  );
  const listed = rows.slice(0, page.limit).map((r) => ({
    id: r.id.toString(),
    printerId: r.printerId,
    printerName: r.printerId ? (names.get(r.printerId) ?? "(removed printer)") : null,
    type: r.type,
    payload: r.payload,
    createdAt: r.createdAt,
  }));
  // Who paused, resumed, cancelled or started it, and how long a finished job ran.
  const contexts = await eventContexts(db, listed);
  const items = listed.map((item) => ({ ...item, ...contexts.get(item.id)! }));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)?.id : undefined };
}

export async function temperatureHistory(db: Db, printerId: string, hours: number) {
  const since = new Date(Date.now() - hours * 3_600_000);
  return db.temperatureSample.findMany({
    where: { printerId, at: { gte: since } },
    orderBy: { at: "asc" },
    select: { at: true, nozzle: true, nozzleTarget: true, bed: true, bedTarget: true, chamber: true },
    take: 5_000,
  });
}
