// Ends wall-display streams whose link was revoked or deleted: one query per web process every
// `intervalMs` for all open wall streams (as `session-watch.ts` does for signed-in streams), so
// a revoked wall stops updating within that interval plus one query.
import type { Db } from "@printernizer/db";
import { validKioskIds } from "../kiosk-tokens";

export const kioskRecheckMs = 3_000;

interface Watched {
  kioskId: string;
  controller: AbortController;
}

export class KioskWatch {
  private readonly watched = new Set<Watched>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = kioskRecheckMs,
  ) {}

  /** A signal aborted once the link is revoked; call `stop` when the stream ends. */
  watch(kioskId: string): { signal: AbortSignal; stop(): void } {
    const entry: Watched = { kioskId, controller: new AbortController() };
    this.watched.add(entry);
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
    return {
      signal: entry.controller.signal,
      stop: () => {
        this.watched.delete(entry);
        if (!this.watched.size) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /** Re-reads every watched link in one query and ends the streams of revoked ones. */
  async check(): Promise<void> {
    if (this.checking || !this.watched.size) return;
    this.checking = true;
    try {
      const entries = [...this.watched];
      const valid = await validKioskIds(this.db, [...new Set(entries.map((e) => e.kioskId))]);
      for (const entry of entries) {
        if (valid.has(entry.kioskId)) continue;
        this.watched.delete(entry);
        entry.controller.abort(new Error("wall-display link revoked"));
      }
    } catch {
      // the database is away: keep the streams (their own reads fail and end them if it lasts)
    } finally {
      this.checking = false;
    }
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
