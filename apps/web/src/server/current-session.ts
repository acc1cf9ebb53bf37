import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { hasRole, type Role } from "@printernizer/api";
import type { AuthSession } from "@printernizer/farm/session";
import { getSession } from "./session";

/** The signed-in session of the request being rendered (resolved once per request). */
export const currentSession = cache(async (): Promise<AuthSession | null> =>
  getSession(new Headers(await headers())),
);

/** Whether the current user has at least this role (pages use it before prefetching role-gated data). */
export async function currentUserHas(role: Role): Promise<boolean> {
  const session = await currentSession();
  return session !== null && hasRole(session.user.role, role);
}
