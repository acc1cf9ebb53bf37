// The order of the farm queue: higher priority first, then `position` (drag to reorder), then
// the older entry. Moving an entry gives it a position between its new neighbours (a float);
// when neighbours get too close to split again, the positions of that priority are renumbered.

/** Spacing of positions given to new or renumbered entries. */
export const positionStep = 1_024;
/** Below this gap between neighbours there is no room left to put an entry between them. */
export const minPositionGap = 1e-6;

export interface Orderable {
  priority: number;
  position: number;
  createdAt: Date;
  id: string;
}

/** Dispatch order: priority desc, position asc, createdAt asc (id last, so the order is total). */
export function compareQueueOrder(a: Orderable, b: Orderable): number {
  return (
    b.priority - a.priority ||
    a.position - b.position ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * A position strictly between two neighbours (either may be missing: the start or end of the
 * list), or undefined when they are too close and the list must be renumbered first.
 */
export function positionBetween(before: number | undefined, after: number | undefined): number | undefined {
  if (before === undefined && after === undefined) return positionStep;
  if (before === undefined) return after! - positionStep;
  if (after === undefined) return before + positionStep;
  if (after - before < minPositionGap * 2) return undefined;
  return before + (after - before) / 2;
}

/** Fresh, evenly spaced positions for entries already in order. */
export function renumberedPositions(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + 1) * positionStep);
}
