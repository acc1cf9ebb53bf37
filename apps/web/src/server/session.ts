import "server-only";
import type { AuthSession } from "@printernizer/farm/session";
import { sessionRole } from "@printernizer/api";
import { getAuth } from "./auth";

/** The signed-in user of a request (from the session cookie), or null. Disabled users have none. */
export async function getSession(headers: Headers): Promise<AuthSession | null> {
  const result = await getAuth().api.getSession({ headers });
  if (!result) return null;
  const user = result.user as typeof result.user & { role?: string | null; disabled?: boolean | null };
  if (user.disabled) return null;
  return {
    sessionId: result.session.id,
    user: { id: user.id, email: user.email, name: user.name, role: sessionRole(user.role) },
  };
}
