// Who is calling: the signed-in user as the web app resolved it from the session cookie.
// Domain functions take this, never the tRPC context, so they run the same from a router,
// a route handler or a test.
import type { Role } from "@printernizer/auth/roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AuthSession {
  user: SessionUser;
  sessionId: string;
}
