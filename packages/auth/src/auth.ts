// better-auth, configured for Printernizer: email + password, sessions in Postgres (Prisma),
// no self sign-up (admins create users), failed sign-ins throttled and every sign-in audited.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import type { Db } from "@printernizer/db";
import { writeAuthAudit } from "./audit-writer";
import { clientAddress, clientAddressHeader } from "./client-address";
import { checkLoginAllowed } from "./login-guard";
import { passwordRules } from "./password-rules";
import { hideSessionTokens } from "./session-tokens";

export interface CreateAuthOptions {
  db: Db;
  /** Cookie signing secret (see deriveAuthSecret). */
  secret: string;
  /** Mark cookies Secure: set when the app is served over https. */
  secureCookies?: boolean;
}

const sessionLifetimeSeconds = 7 * 24 * 3600;

export function createAuth({ db, secret, secureCookies = false }: CreateAuthOptions) {
  return betterAuth({
    appName: "Printernizer",
    secret,
    database: prismaAdapter(db, { provider: "postgresql" }),
    telemetry: { enabled: false },
    plugins: [hideSessionTokens()],
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: passwordRules.min,
      maxPasswordLength: passwordRules.max,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: sessionLifetimeSeconds, updateAge: 24 * 3600 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 600,
      customRules: { "/sign-in/email": { window: 60, max: 30 } },
    },
    // Same origin only: the page that posts must come from the host it posts to.
    // The web route has already refused cross-site posts (rejectCrossSite); behind a proxy
    // the request URL names the internal address, so the Host header names the site.
    trustedOrigins: (request) => (request ? ownOrigins(request) : []),
    advanced: {
      cookiePrefix: "printernizer",
      useSecureCookies: secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // Resolved by the server from the socket and the trusted proxies (client-address.ts), never the raw X-Forwarded-For.
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const ip = clientAddress(ctx.headers ?? ctx.request?.headers);
        const userAgent = (ctx.headers ?? ctx.request?.headers)?.get("user-agent") ?? null;
        if (ctx.path === "/sign-in/email") {
          const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
            .trim()
            .toLowerCase();
          const verdict = await checkLoginAllowed(db, email, ip);
          if (!verdict.allowed) {
            await writeAuthAudit(db, {
              action: "auth.login_blocked",
              outcome: "failure",
              email,
              ip,
              userAgent,
              reason: verdict.message,
            });
            throw new APIError("TOO_MANY_REQUESTS", { message: verdict.message });
          }
          if (verdict.delayMs) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
          const user = await db.user.findUnique({ where: { email }, select: { id: true, disabled: true } });
          if (user?.disabled) {
            await writeAuthAudit(db, {
              action: "auth.login_failed",
              outcome: "failure",
              actorId: user.id,
              email,
              ip,
              userAgent,
              reason: "account disabled",
            });
            throw new APIError("FORBIDDEN", {
              message: "This account is disabled. Ask an admin to enable it.",
            });
          }
        }
        if (ctx.path === "/sign-out") {
          const session = await getSessionFromCtx(ctx).catch(() => null);
          if (session)
            await writeAuthAudit(db, {
              action: "auth.logout",
              outcome: "success",
              actorId: session.user.id,
              email: session.user.email,
              ip,
              userAgent,
            });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const ip = clientAddress(ctx.headers ?? ctx.request?.headers);
        const userAgent = (ctx.headers ?? ctx.request?.headers)?.get("user-agent") ?? null;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
          .trim()
          .toLowerCase();
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          await writeAuthAudit(db, {
            action: "auth.login_failed",
            outcome: "failure",
            email,
            ip,
            userAgent,
            reason: returned.message,
          });
          return;
        }
        const user = ctx.context.newSession?.user;
        await writeAuthAudit(db, {
          action: "auth.login",
          outcome: "success",
          actorId: user?.id ?? null,
          email: user?.email ?? email,
          ip,
          userAgent,
        });
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

function ownOrigins(request: Request): string[] {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto =
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? url.protocol.replace(":", "");
  return host ? [url.origin, `${proto}://${host}`] : [url.origin];
}
