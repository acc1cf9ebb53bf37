// The live stream's messages as `FarmDeltaMessage`s. The server sends that form; a server from
// before it (`{cursor, resync, printers, removed}`, whole rows only) is read as upserts, so a
// browser and a web instance of different versions still agree during an upgrade.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { changedFields, mergeFarmLists, type FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";

interface WholeRowsMessage {
  cursor: string;
  resync?: boolean;
  printers: FarmPrinter[];
  removed: string[];
}

export function toDeltaMessage(data: FarmDeltaMessage | WholeRowsMessage): FarmDeltaMessage {
  if ("upserts" in data) return data;
  return {
    cursor: data.cursor,
    resync: data.resync ?? false,
    upserts: data.printers,
    patches: [],
    removed: data.removed,
  };
}

/**
 * `farm.list`'s structural sharing: a fetched list never overwrites a row the stream brought
 * newer (mergeFarmLists), and a row whose values did not change keeps its object, so a refetch
 * re-renders only the rows that changed (and the same list comes back when none did).
 */
export function shareFarmRows(held: unknown, fetched: unknown): unknown {
  const previous = held as FarmPrinter[] | undefined;
  const merged = mergeFarmLists(previous, fetched as FarmPrinter[]);
  if (!previous) return merged;
  const heldById = new Map(previous.map((p) => [p.id, p]));
  let same = merged.length === previous.length;
  const shared = merged.map((row, i) => {
    const mine = heldById.get(row.id);
    const out = mine && mine !== row && changedFields(mine, row).length === 0 ? mine : row;
    if (out !== previous[i]) same = false;
    return out;
  });
  return same ? previous : shared;
}
