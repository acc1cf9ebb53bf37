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

/** The wall clock at `at` in `timeZone`: minutes since midnight and seconds; undefined for an unknown zone. */
function wallClock(at: Date, timeZone: string): { minutes: number; seconds: number } | undefined {
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
    return undefined;
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: part("hour") * 60 + part("minute"), seconds: part("second") };
}

/**
 * When the quiet hours around `at` end, or null when `at` is outside them. The wall clock is read in
 * the rule's time zone. A DST change inside the window is followed: the end is when the clock reads
 * `to` (when `to` falls in the hour skipped that night, an hour later than it would have).
 */
export function quietHoldUntil(at: Date, from: string, to: string, timeZone: string): Date | null {
  const now = wallClock(at, timeZone);
  if (!now) return null; // an unknown zone (saved before validation): never hold forever
  const start = minutesOf(from);
  const end = minutesOf(to);
  const inside =
    start < end ? now.minutes >= start && now.minutes < end : now.minutes >= start || now.minutes < end;
  if (!inside) return null;
  const minutesLeft = (end - now.minutes + 1440) % 1440;
  const until = at.getTime() + minutesLeft * 60_000 - now.seconds * 1000 - at.getUTCMilliseconds();
  // The clock moved by an hour meanwhile: where it reads `to` is that much earlier or later.
  const drift = ((end - (wallClock(new Date(until), timeZone)?.minutes ?? end) + 1440 + 720) % 1440) - 720;
  const moved = until + drift * 60_000;
  return new Date(drift && wallClock(new Date(moved), timeZone)?.minutes === end ? moved : until);
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
