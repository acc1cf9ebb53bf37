// Ends live streams whose session no longer stands: signed out (session row gone), expired,
// the user disabled or their role changed. One query per web process every `intervalMs` for
// all open streams, so a revoked user's stream ends within that interval plus one query.
import type { Db } from "@printernizer/db";
import { sessionRole } from "@printernizer/auth/roles";
import type { AuthSession } from "../session";

export const sessionRecheckMs = 3_000;

interface Watched {
  session: AuthSession;
  controller: AbortController;
}

export class SessionWatch {
  private readonly watched = new Set<Watched>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = sessionRecheckMs,
  ) {}

  /** A signal aborted (with a reason) once the session stops standing; call `stop` when the stream ends. */
  watch(session: AuthSession): { signal: AbortSignal; stop(): void } {
    const entry: Watched = { session, controller: new AbortController() };
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

  /** Re-reads every watched session in one query and ends the streams of those that no longer stand. */
  async check(): Promise<void> {
    if (this.checking || !this.watched.size) return;
    this.checking = true;
    try {
      const entries = [...this.watched];
      const rows = await this.db.session.findMany({
        where: { id: { in: [...new Set(entries.map((e) => e.session.sessionId))] } },
        select: { id: true, expiresAt: true, user: { select: { disabled: true, role: true } } },
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const now = new Date();
      for (const entry of entries) {
        const row = byId.get(entry.session.sessionId);
        const reason =
          !row || row.expiresAt <= now
            ? "signed out"
            : row.user.disabled
              ? "account disabled"
              : sessionRole(row.user.role) !== entry.session.user.role
                ? "role changed"
                : null;
        if (reason) {
          this.watched.delete(entry);
          entry.controller.abort(new Error(`session ended: ${reason}`));
        }
      }
    } catch {
      // the database is away: keep the streams (their own reads fail and end them if it lasts)
    } finally {
      this.checking = false;
    }
  }
}

const watches = new WeakMap<Db, SessionWatch>();

/** The process-wide watch of one database client. */
export function sessionWatchFor(db: Db): SessionWatch {
  let watch = watches.get(db);
  if (!watch) {
    watch = new SessionWatch(db);
    watches.set(db, watch);
  }
  return watch;
}
