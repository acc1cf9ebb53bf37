// Which channels an event reaches: every enabled rule that names the event type and covers the
// printer (all printers, a location or what lies under it, a tag) sends it to each of its enabled
// channels, once per channel however many rules match. In a rule's quiet hours the delivery is held
// until they end (then sent with the others held for that channel as one summary), unless the rule
// lets that event type through. Pure: write-ops.ts and job-bookkeeping.ts feed it rows.

export interface RoutedEvent {
  type: string;
  printerId: string;
  at: Date;
}

export interface RuleRow {
  events: string[];
  scope: "all" | "location" | "tag";
  scopeValue: string | null;
  quietFrom: string | null;
  quietTo: string | null;
  quietTimeZone: string | null;
  quietBypass: string[];
  channelIds: string[];
}

export interface PrinterPlacement {
  location: string | null;
  tags: string[];
}

export interface Route {
  /** Index into the events given. */
  event: number;
  channelId: string;
  /** Null: send now. */
  heldUntil: Date | null;
}

/** "Room 2" covers "Room 2" and "Room 2 / Rack A", not "Room 20". */
export function coversPrinter(
  rule: Pick<RuleRow, "scope" | "scopeValue">,
  printer?: PrinterPlacement,
): boolean {
  if (rule.scope === "all") return true;
  if (!printer || !rule.scopeValue) return false;
  if (rule.scope === "tag") return printer.tags.includes(rule.scopeValue);
  const location = printer.location ?? "";
  return location === rule.scopeValue || location.startsWith(`${rule.scopeValue} / `);
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * When the quiet hours around `at` end, or null when `at` is outside them. The wall clock is read in
 * the rule's time zone; the end is that many minutes later (a DST change inside the window moves the
 * real end by its hour).
 */
export function quietHoldUntil(at: Date, from: string, to: string, timeZone: string): Date | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
  } catch {
    return null; // an unknown zone (saved before validation): never hold forever
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const now = part("hour") * 60 + part("minute");
  const start = minutesOf(from);
  const end = minutesOf(to);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const minutesLeft = (end - now + 1440) % 1440;
  return new Date(at.getTime() + minutesLeft * 60_000 - part("second") * 1000 - at.getUTCMilliseconds());
}

function holdFor(rule: RuleRow, event: RoutedEvent): Date | null {
  if (!rule.quietFrom || !rule.quietTo || !rule.quietTimeZone) return null;
  if (rule.quietBypass.includes(event.type)) return null;
  return quietHoldUntil(event.at, rule.quietFrom, rule.quietTo, rule.quietTimeZone);
}

export function routeEvents(
  events: RoutedEvent[],
  rules: RuleRow[],
  printers: Map<string, PrinterPlacement>,
): Route[] {
  const routes = new Map<string, Route>();
  events.forEach((event, index) => {
    for (const rule of rules) {
      if (!rule.events.includes(event.type) || !coversPrinter(rule, printers.get(event.printerId))) continue;
      const heldUntil = holdFor(rule, event);
      for (const channelId of rule.channelIds) {
        const key = `${index}\u0000${channelId}`;
        const seen = routes.get(key);
        // a rule that sends now wins; otherwise the earliest end of quiet hours
        if (!seen) routes.set(key, { event: index, channelId, heldUntil });
        else if (seen.heldUntil && (!heldUntil || heldUntil < seen.heldUntil)) seen.heldUntil = heldUntil;
      }
    }
  });
  return [...routes.values()];
}
