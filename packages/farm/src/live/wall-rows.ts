// What a wall display (kiosk link) receives: the farm rows cut down to what its cards show —
// name, model, location, state, job, temperatures, plate waiting, printer errors. Never the
// host address, connection error text (it can name the host), filament, kind or settings. The
// stream's messages are cut the same way, once per message for all walls (memoized on the
// message object and marked `shareOnWire`, so each is serialized once too).
import type { PrinterError, Temperatures } from "@printernizer/printers";
import type { FarmPrinter } from "../farm";
import type { FarmDeltaMessage } from "./farm-delta";
import { shareOnWire } from "./wire-shared";

export interface WallPrinter {
  id: string;
  name: string;
  model: string | null;
  /** Where the printer stands ("Room 2 / Rack A"); the wall groups by it. */
  location: string | null;
  state: FarmPrinter["state"];
  connected: boolean;
  job: FarmPrinter["job"];
  temperatures: Temperatures;
  awaitingPlateClearSince: Date | null;
  errors: Pick<PrinterError, "code" | "severity" | "message">[];
  /** Since when the printer is in its state (the wall says "offline since 14:02"). */
  stateChangedAt: Date | null;
  updatedAt: Date;
}

export type WallPrinterPatch = Pick<WallPrinter, "id" | "updatedAt"> & Partial<WallPrinter>;

export interface WallDeltaMessage {
  cursor: string;
  resync: boolean;
  upserts: WallPrinter[];
  patches: WallPrinterPatch[];
  removed: string[];
}

const wallFields = [
  "name",
  "model",
  "location",
  "state",
  "connected",
  "job",
  "temperatures",
  "awaitingPlateClearSince",
  "errors",
  "stateChangedAt",
] as const satisfies readonly (keyof WallPrinter)[];

/** The printer's location where the farm rows carry one (a blank one counts as none). */
function locationOf(row: FarmPrinter): string | null {
  const value: unknown = "location" in row ? row.location : null;
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function wallErrors(errors: FarmPrinter["errors"]): WallPrinter["errors"] {
  return errors.map(({ code, severity, message }) =>
    message ? { code, severity, message } : { code, severity },
  );
}

export function toWallPrinter(row: FarmPrinter): WallPrinter {
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    location: locationOf(row),
    state: row.state,
    connected: row.connected,
    job: row.job,
    temperatures: row.temperatures,
    awaitingPlateClearSince: row.awaitingPlateClearSince,
    errors: wallErrors(row.errors),
    stateChangedAt: row.stateChangedAt,
    updatedAt: row.updatedAt,
  };
}

function toWallPatch(
  patch: Partial<FarmPrinter> & Pick<FarmPrinter, "id" | "updatedAt">,
): WallPrinterPatch | null {
  const out: Record<string, unknown> = { id: patch.id, updatedAt: patch.updatedAt };
  let any = false;
  for (const field of wallFields) {
    if (field === "location") {
      if (!("location" in patch)) continue;
      out.location = locationOf(patch as FarmPrinter);
    } else if (field === "errors") {
      if (patch.errors === undefined) continue;
      out.errors = wallErrors(patch.errors);
    } else {
      if (!(field in patch)) continue;
      out[field] = patch[field];
    }
    any = true;
  }
  return any ? (out as WallPrinterPatch) : null;
}

const wallMessages = new WeakMap<FarmDeltaMessage, WallDeltaMessage>();

/** The message cut for walls (the same object for every wall stream); patches of nothing a wall shows drop out. */
export function toWallMessage(message: FarmDeltaMessage): WallDeltaMessage {
  let wall = wallMessages.get(message);
  if (!wall) {
    wall = shareOnWire({
      cursor: message.cursor,
      resync: message.resync,
      upserts: message.upserts.map(toWallPrinter),
      patches: message.patches.flatMap((p) => toWallPatch(p) ?? []),
      removed: message.removed,
    });
    wallMessages.set(message, wall);
  }
  return wall;
}

const wallLists = new WeakMap<FarmPrinter[], WallPrinter[]>();

/** The farm list cut for walls (memoized on the list object, which the farm cache shares). */
export function toWallList(list: FarmPrinter[]): WallPrinter[] {
  let wall = wallLists.get(list);
  if (!wall) {
    wall = shareOnWire(list.map(toWallPrinter));
    wallLists.set(list, wall);
  }
  return wall;
}

function time(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/** Applies wall messages to a wall list (as `applyFarmDeltas` does for the dashboard); name order. */
export function applyWallDeltas(list: WallPrinter[], messages: WallDeltaMessage[]): WallPrinter[] {
  const rows = new Map(list.map((p) => [p.id, p]));
  let changed = false;
  for (const message of messages) {
    for (const id of message.removed) changed = rows.delete(id) || changed;
    for (const row of message.upserts) {
      const held = rows.get(row.id);
      if (held && time(held.updatedAt) > time(row.updatedAt)) continue;
      rows.set(row.id, row);
      changed = true;
    }
    for (const patch of message.patches) {
      const held = rows.get(patch.id);
      if (!held || time(held.updatedAt) > time(patch.updatedAt)) continue;
      rows.set(patch.id, { ...held, ...patch });
      changed = true;
    }
  }
  if (!changed) return list;
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
