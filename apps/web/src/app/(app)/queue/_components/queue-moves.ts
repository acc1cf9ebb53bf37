// Where an entry goes when it is moved one place up or down (keyboard buttons) or dropped on
// another entry (drag and drop): the entry it is placed next to and on which side, as
// queue.reorder takes it. Null when the move changes nothing. Pure, so it is unit-tested.

export interface QueueMove {
  entryId: string;
  anchorId: string;
  placement: "before" | "after";
}

/** One place up (before the entry above it) or down (after the entry below it). */
export function stepMove(
  order: readonly string[],
  entryId: string,
  direction: "up" | "down",
): QueueMove | null {
  const index = order.indexOf(entryId);
  if (index < 0) return null;
  const anchorId = order[direction === "up" ? index - 1 : index + 1];
  if (anchorId === undefined) return null;
  return { entryId, anchorId, placement: direction === "up" ? "before" : "after" };
}

/** Dropped on the upper or lower half of another entry: before or after it. */
export function dropMove(
  order: readonly string[],
  entryId: string,
  overId: string,
  half: "upper" | "lower",
): QueueMove | null {
  const from = order.indexOf(entryId);
  const over = order.indexOf(overId);
  if (from < 0 || over < 0 || from === over) return null;
  const placement = half === "upper" ? "before" : "after";
  // already there: dropped on the lower half of the entry above it, or the upper half of the one below
  if ((placement === "after" && over === from - 1) || (placement === "before" && over === from + 1))
    return null;
  return { entryId, anchorId: overId, placement };
}

/** The order after a move, to show it at once while the server stores it. */
export function applyMove(order: readonly string[], move: QueueMove): string[] {
  const rest = order.filter((id) => id !== move.entryId);
  const at = rest.indexOf(move.anchorId);
  if (at < 0) return [...order];
  rest.splice(move.placement === "before" ? at : at + 1, 0, move.entryId);
  return rest;
}
