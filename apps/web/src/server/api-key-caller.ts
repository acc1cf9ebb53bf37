import "server-only";
// Calls made with `Authorization: Bearer pk_…` (scripts): the key's user with the key's role,
// capped by the user's role now; no cookie and no origin check (a browser never attaches this
// header on its own, so there is nothing to forge). A bad key is a 401 with a sentence.
import { apiKeySessionPrefix, authenticateApiKey } from "@printernizer/auth/api-keys";
import { clientAddress } from "@printernizer/auth/client-address";
import type { AuthSession } from "@printernizer/farm/session";
import { getDb } from "./db";

export interface ApiKeyCaller {
  session: AuthSession;
  apiKey: { id: string; keyPrefix: string };
}

/** The bearer token of a request, or null when it has no `Authorization: Bearer` header. */
export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

export async function apiKeyCaller(token: string, headers: Headers): Promise<ApiKeyCaller | Response> {
  const auth = await authenticateApiKey(getDb(), token, new Date(), {
    ip: clientAddress(headers),
    userAgent: headers.get("user-agent"),
  });
  if (!auth.ok)
    return Response.json(
      { error: { code: "UNAUTHORIZED", message: auth.reason } },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="printernizer"' } },
    );
  return {
    session: { sessionId: apiKeySessionPrefix + auth.key.id, user: auth.user },
    apiKey: { id: auth.key.id, keyPrefix: auth.key.keyPrefix },
  };
}
