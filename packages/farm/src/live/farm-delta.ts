// The live stream's wire form and the rules both ends follow. The server (the web process's
// farm cache) sends each browser only what changed: new printers whole, changed printers as
// patches of the changed top-level fields, removed ids. A row's `updatedAt` is its version
// (the database's own time of its last write, the same on every web instance), so a client
// never lets an older row or patch overwrite a newer one, whichever connection it came by.
import type { FarmPrinter } from "../farm";

/** Only the fields that changed, always with `id` and the row's new `updatedAt`. */
export type FarmPrinterPatch = Pick<FarmPrinter, "id" | "updatedAt"> & Partial<FarmPrinter>;

export interface FarmDeltaMessage {
  /** Max `updatedAt` the sender had seen: the event id a reconnecting stream resumes from. */
  cursor: string;
  /** True for the first message after a resume: `upserts` holds every row changed since then. */
  resync: boolean;
  /** Whole rows: printers the client may not have (new, or sent again on resume). */
  upserts: FarmPrinter[];
  /** Changed fields of printers the client has. */
  patches: FarmPrinterPatch[];
  /** Printers that no longer exist. */
  removed: string[];
}

/** Fields that change with every report; a change of only these is telemetry, not a transition. */
const telemetryFields = new Set<keyof FarmPrinter>(["temperatures", "lastCommunication", "updatedAt"]);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The top-level fields whose values differ between two versions of a row. */
export function changedFields(before: FarmPrinter, after: FarmPrinter): (keyof FarmPrinter)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof FarmPrinter)[]);
  return [...keys].filter((k) => !same(before[k], after[k]));
}

/**
 * "transition" when anything a person acts on changed (state, connection, job started or
 * ended, errors, plate, settings); "telemetry" when only readings moved (temperatures,
 * progress, time left, layer, last contact); "none" when nothing did.
 */
export function classifyChange(
  before: FarmPrinter,
  after: FarmPrinter,
  /** `changedFields(before, after)`, when the caller has it already. */
  fields = changedFields(before, after),
): "none" | "telemetry" | "transition" {
  if (!fields.length) return "none";
  for (const field of fields) {
    if (telemetryFields.has(field)) continue;
    if (field === "job" && before.job && after.job && before.job.name === after.job.name) continue;
    return "transition";
  }
  return "telemetry";
}

/** A patch carrying the current value of each named field. */
export function patchOf(row: FarmPrinter, fields: Iterable<keyof FarmPrinter>): FarmPrinterPatch {
  const patch: Record<string, unknown> = { id: row.id, updatedAt: row.updatedAt };
  for (const field of fields) patch[field] = row[field];
  return patch as FarmPrinterPatch;
}

function time(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** Name order, the list's order everywhere (views sort their own copy). */
export function byName(a: FarmPrinter, b: FarmPrinter): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/**
 * Applies messages to a list (sorted by name) and returns a new list, or the same array when
 * nothing changed. A row or patch older than the row held is ignored; a patch for a printer
 * not held is ignored too (the next list fetch brings it).
 */
export function applyFarmDeltas(list: FarmPrinter[], messages: FarmDeltaMessage[]): FarmPrinter[] {
  const rows = new Map(list.map((p) => [p.id, p]));
  let changed = false;
  let reorder = false;
  for (const message of messages) {
    for (const id of message.removed) changed = rows.delete(id) || changed;
    for (const row of message.upserts) {
      const held = rows.get(row.id);
      if (held && time(held.updatedAt) > time(row.updatedAt)) continue;
      if (!held || held.name !== row.name) reorder = true;
      rows.set(row.id, row);
      changed = true;
    }
    for (const patch of message.patches) {
      const held = rows.get(patch.id);
      if (!held || time(held.updatedAt) > time(patch.updatedAt)) continue;
      if (patch.name !== undefined && patch.name !== held.name) reorder = true;
      rows.set(patch.id, { ...held, ...patch });
      changed = true;
    }
  }
  if (!changed) return list;
  const next =
    reorder || rows.size !== list.length ? [...rows.values()].sort(byName) : list.map((p) => rows.get(p.id)!);
  return next;
}

/**
 * A fetched list merged with the one held: per printer the newer row wins, printers missing
 * from the fetched list are gone. For TanStack Query's `structuralSharing` on `farm.list`.
 */
export function mergeFarmLists(held: FarmPrinter[] | undefined, fetched: FarmPrinter[]): FarmPrinter[] {
  if (!held) return fetched;
  const heldById = new Map(held.map((p) => [p.id, p]));
  return fetched.map((row) => {
    const mine = heldById.get(row.id);
    return mine && time(mine.updatedAt) > time(row.updatedAt) ? mine : row;
  });
}
