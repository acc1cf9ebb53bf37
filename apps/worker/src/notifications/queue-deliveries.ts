// Queues the deliveries notification rules ask for, inside the transaction that writes the events:
// none is lost or doubled. Held deliveries (quiet hours) wait until heldUntil.
import type { Db, Prisma } from "@printernizer/db";
import { notifyAll } from "@printernizer/farm/notify";
import { routeEvents, type PrinterPlacement, type RoutedEvent } from "./rule-routing";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface NotifiableEvent extends RoutedEvent {
  payload: Prisma.InputJsonValue;
}

export async function queueDeliveries(tx: Tx, events: NotifiableEvent[]): Promise<number> {
  if (!events.length) return 0;
  const rows = await tx.notificationRule.findMany({
    where: { enabled: true, events: { hasSome: [...new Set(events.map((e) => e.type))] } },
    select: {
      events: true,
      scope: true,
      scopeValue: true,
      quietFrom: true,
      quietTo: true,
      quietTimeZone: true,
      quietBypass: true,
      channels: { where: { webhook: { enabled: true } }, select: { webhookId: true } },
    },
  });
  const rules = rows.map(({ channels, ...rule }) => ({
    ...rule,
    channelIds: channels.map((c) => c.webhookId),
  }));
  if (!rules.some((r) => r.channelIds.length)) return 0;
  const printers = new Map<string, PrinterPlacement>();
  if (rules.some((r) => r.scope !== "all")) {
    const found = await tx.printer.findMany({
      where: { id: { in: [...new Set(events.map((e) => e.printerId))] } },
      select: { id: true, location: true, tags: true },
    });
    for (const p of found) printers.set(p.id, { location: p.location, tags: p.tags });
  }
  const routes = routeEvents(events, rules, printers);
  if (!routes.length) return 0;
  const now = new Date();
  const data = routes.map((route) => {
    const event = events[route.event]!;
    return {
      webhookId: route.channelId,
      eventType: event.type,
      printerId: event.printerId,
      payload: { at: event.at.toISOString(), data: event.payload },
      heldUntil: route.heldUntil,
      nextAttemptAt: route.heldUntil ?? now,
    };
  });
  const created = await tx.webhookDelivery.createManyAndReturn({
    data,
    select: { id: true, heldUntil: true },
  });
  const due = created.filter((d) => !d.heldUntil).map((d) => d.id);
  // one wake-up is enough: the dispatcher drains everything due
  if (due.length) await notifyAll(tx, "webhookQueued", due.slice(0, 1));
  return created.length;
}
