// Ends wall-display streams whose link was revoked or deleted: one query per web process every
// `intervalMs` for all open wall streams (`StreamWatch`, as `session-watch.ts` does for signed-in
// streams), so a revoked wall stops updating within that interval plus one query.
import type { Db } from "@printernizer/db";
import { validKioskIds } from "../kiosk-tokens";
import { StreamWatch } from "./stream-watch";

export const kioskRecheckMs = 3_000;

export class KioskWatch extends StreamWatch<string> {
  constructor(db: Db, intervalMs = kioskRecheckMs) {
    super(async (kioskIds) => {
      const valid = await validKioskIds(db, [...new Set(kioskIds)]);
      return kioskIds.map((id) => (valid.has(id) ? null : "wall-display link revoked"));
    }, intervalMs);
  }
}

const watches = new WeakMap<Db, KioskWatch>();

/** The process-wide watch of one database client. */
export function kioskWatchFor(db: Db): KioskWatch {
  let watch = watches.get(db);
  if (!watch) {
    watch = new KioskWatch(db);
    watches.set(db, watch);
  }
  return watch;
}
