// Session tokens live only in the httpOnly cookie. better-auth also puts them in JSON answers
// (sign-in's `token`, get-session's `session.token`, every row of list-sessions), where any
// script on the page could read them; `withoutSessionTokens` is applied to every answer.

import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Response);

function withoutToken(value: unknown): unknown {
  if (!isObject(value) || !("token" in value)) return value;
  const { token: _token, ...rest } = value;
  return rest;
}

/** A copy of an auth endpoint's answer without session tokens; undefined when there was none to remove. */
export function withoutSessionTokens(returned: unknown): unknown {
  if (Array.isArray(returned))
    return returned.some((row) => isObject(row) && "token" in row) ? returned.map(withoutToken) : undefined;
  if (!isObject(returned)) return undefined;
  const nested = isObject(returned.session) && "token" in returned.session;
  if (!("token" in returned) && !nested) return undefined;
  const copy = withoutToken(returned) as Json;
  return nested ? { ...copy, session: withoutToken(returned.session) } : copy;
}

/** The better-auth plugin that strips session tokens from every JSON answer (runs after all other hooks). */
export const hideSessionTokens = () =>
  ({
    id: "printernizer-hide-session-tokens",
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => withoutSessionTokens(ctx.context.returned)),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
