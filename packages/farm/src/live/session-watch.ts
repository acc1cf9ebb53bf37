// Ends live streams whose session no longer stands: signed out (session row gone), expired,
// the user disabled or their role changed; for a stream made with an API key (`apikey:<id>`),
// the key revoked or expired, its user disabled or the role it grants changed. One query per
// kind of caller and web process every `intervalMs` for all open streams, so a revoked user's
// (or key's) stream ends within that interval plus one query (`StreamWatch`).
import type { Db } from "@printernizer/db";
import { apiKeySessionPrefix, standingApiKeyRoles } from "@printernizer/auth/api-keys";
import { sessionRole } from "@printernizer/auth/roles";
import type { AuthSession } from "../session";
import { StreamWatch } from "./stream-watch";

export const sessionRecheckMs = 3_000;

export class SessionWatch extends StreamWatch<AuthSession> {
  constructor(db: Db, intervalMs = sessionRecheckMs) {
    super((sessions) => sessionEndings(db, sessions), intervalMs);
  }
}

/** Why each session's stream must end now (null: it stands): sessions and keys each in one query. */
async function sessionEndings(db: Db, sessions: AuthSession[]): Promise<(string | null)[]> {
  const ids = [...new Set(sessions.map((s) => s.sessionId))];
  const keyIds = ids.flatMap((id) =>
    id.startsWith(apiKeySessionPrefix) ? [id.slice(apiKeySessionPrefix.length)] : [],
  );
  const sessionIds = ids.filter((id) => !id.startsWith(apiKeySessionPrefix));
  const now = new Date();
  const [rows, keyRoles] = await Promise.all([
    sessionIds.length
      ? db.session.findMany({
          where: { id: { in: sessionIds } },
          select: { id: true, expiresAt: true, user: { select: { disabled: true, role: true } } },
        })
      : [],
    standingApiKeyRoles(db, keyIds, now),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return sessions.map((session) => {
    const { sessionId } = session;
    const reason = sessionId.startsWith(apiKeySessionPrefix)
      ? keyReason(keyRoles.get(sessionId.slice(apiKeySessionPrefix.length)), session)
      : sessionReason(byId.get(sessionId), session, now);
    return reason && `session ended: ${reason}`;
  });
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
