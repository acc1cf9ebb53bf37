// Ends live streams whose session no longer stands: signed out (session row gone), expired,
// the user disabled or their role changed; for a stream made with an API key (`apikey:<id>`),
// the key revoked or expired, its user disabled or the role it grants changed. One query per
// kind of caller and web process every `intervalMs` for all open streams, so a revoked user's
// (or key's) stream ends within that interval plus one query.
import type { Db } from "@printernizer/db";
import { apiKeySessionPrefix, standingApiKeyRoles } from "@printernizer/auth/api-keys";
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
      const ids = [...new Set(entries.map((e) => e.session.sessionId))];
      const keyIds = ids.flatMap((id) =>
        id.startsWith(apiKeySessionPrefix) ? [id.slice(apiKeySessionPrefix.length)] : [],
      );
      const sessionIds = ids.filter((id) => !id.startsWith(apiKeySessionPrefix));
      const now = new Date();
      const [rows, keyRoles] = await Promise.all([
        sessionIds.length
          ? this.db.session.findMany({
              where: { id: { in: sessionIds } },
              select: { id: true, expiresAt: true, user: { select: { disabled: true, role: true } } },
            })
          : [],
        standingApiKeyRoles(this.db, keyIds, now),
      ]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const entry of entries) {
        const { sessionId } = entry.session;
        const reason = sessionId.startsWith(apiKeySessionPrefix)
          ? keyReason(keyRoles.get(sessionId.slice(apiKeySessionPrefix.length)), entry.session)
          : sessionReason(byId.get(sessionId), entry.session, now);
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

function sessionReason(
  row: { expiresAt: Date; user: { disabled: boolean; role: string } } | undefined,
  session: AuthSession,
  now: Date,
): string | null {
  if (!row || row.expiresAt <= now) return "signed out";
  if (row.user.disabled) return "account disabled";
  return sessionRole(row.user.role) !== session.user.role ? "role changed" : null;
}

/** A stream made with an API key: `role` is what the key grants now (undefined: revoked, expired or its user disabled). */
function keyReason(role: string | undefined, session: AuthSession): string | null {
  if (!role) return "API key revoked, expired or its user disabled";
  return role !== session.user.role ? "role changed" : null;
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
