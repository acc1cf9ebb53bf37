// Repeats collapsed: consecutive events of one printer and one kind (the same type, or the
// connection coming and going: offline / online / connected / lost …) become one group, shown
// as its newest event with "×5 in 10 min" and expandable to every event in it.
import { formatDuration } from "@printernizer/ui/format";
import { eventSentence, type SentenceEvent } from "./event-sentence";

export interface GroupableEvent extends SentenceEvent {
  id: string;
  printerId: string | null;
  createdAt: Date;
}

export interface EventGroup<E extends GroupableEvent> {
  /** The newest event's id: stable while older events join the group. */
  key: string;
  /** Newest first, as listed. */
  events: E[];
}

/** What the connection did, for a group mixing them ("went offline / came back online"). */
const connectionVerbs: Record<string, string> = {
  printer_offline: "went offline",
  printer_online: "came back online",
  printer_connected: "connected",
  printer_disconnected: "disconnected",
  printer_connection_lost: "lost the connection",
  printer_connection_failed: "could not be reached",
};

const familyOf = (type: string) => (type in connectionVerbs ? "connection" : type);

/** Groups consecutive events (in the order given, newest first) of one printer and family. */
export function groupEvents<E extends GroupableEvent>(events: readonly E[]): EventGroup<E>[] {
  const groups: EventGroup<E>[] = [];
  for (const event of events) {
    const last = groups.at(-1);
    const head = last?.events[0];
    if (
      head &&
      head.printerId &&
      head.printerId === event.printerId &&
      familyOf(head.type) === familyOf(event.type)
    )
      last.events.push(event);
    else groups.push({ key: event.id, events: [event] });
  }
  return groups;
}

/** The group in one sentence: its newest event's, or the connection's comings and goings. */
export function groupSentence<E extends GroupableEvent>(group: EventGroup<E>): string {
  const head = group.events[0]!;
  const types = [...new Set(group.events.map((e) => e.type))];
  if (types.length === 1) return eventSentence(head);
  const verbs = [...new Set(group.events.map((e) => connectionVerbs[e.type]).filter(Boolean))];
  return `${head.printerName ?? "The farm"} ${verbs.join(" / ")}`;
}

/** "×5 in 10 min" for a group of several events, "" for one. */
export function repeatLabel<E extends GroupableEvent>(group: EventGroup<E>): string {
  const n = group.events.length;
  if (n < 2) return "";
  const seconds = (group.events[0]!.createdAt.getTime() - group.events.at(-1)!.createdAt.getTime()) / 1_000;
  return `×${n} in ${formatDuration(Math.abs(seconds))}`;
}
