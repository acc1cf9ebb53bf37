/**
 * tRPC setup for Printernizer.
 *
 * 1. CONTEXT — what every procedure receives (database, request headers, the signed-in
 *    session resolved by the web app, the caller's address for the audit log).
 * 2. INITIALIZATION — transformer (superjson; a value the farm cache shares is serialized once)
 *    and the error formatter that keeps stack traces and internals out of responses.
 * 3. PROCEDURES — the builders routers use. Every procedure states who may call it:
 *    `publicProcedure` (anyone), `viewerProcedure`, `operatorProcedure`, `adminProcedure`.
 *    Unauthenticated calls get UNAUTHORIZED, a role too low FORBIDDEN. The access level is
 *    also written into the procedure's meta so the authorization matrix test can read it.
 *    Every builder starts from `guardedProcedure`: hostile input (NUL, lone surrogates, giant
 *    or deeply nested values) is refused with BAD_REQUEST before any schema or query sees it,
 *    and a database refusing the caller's data answers BAD_REQUEST instead of a server error.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { clientAddress } from "@printernizer/auth/client-address";
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { FileStore } from "@printernizer/file-store";
import { CommandPayloadError } from "@printernizer/farm/command-contract";
import type { AuthSession } from "@printernizer/farm/session";
import type { PrinterUpdatesHub } from "@printernizer/farm/live/printer-updates-hub";
import type { FarmCache } from "@printernizer/farm/live/farm-cache";
import { defaultWebhookTargetPolicy, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";
import { hostileInputReason, isDataRejection } from "@printernizer/farm/input-guard";
import { DEFAULT_OFFLINE_GRACE_MS } from "@printernizer/farm/offline";
import { auditCall, type CallApiKey } from "./call-audit";
import { hasRole, type Role } from "./roles";
import { wireTransformer } from "./wire-transformer";

// 1. CONTEXT
export type { AuthSession, SessionUser } from "@printernizer/farm/session";

export interface CreateContextOptions {
  db: Db;
  headers: Headers;
  /** The signed-in user, resolved by the web app from the session cookie or an API key; null when anonymous. */
  session: AuthSession | null;
  /** Set when `session` comes from an `Authorization: Bearer pk_…` key: every call is audited under the key's user. */
  apiKey?: CallApiKey;
  /** The web process's LISTEN hub; absent in callers that never subscribe (tests, RSC). */
  hub?: PrinterUpdatesHub;
  /** The web process's in-memory farm (serves farm.list and the live stream); absent in tests and RSC: farm.list reads Postgres. */
  farm?: FarmCache;
  /** Seals secrets (printer credentials, webhook URLs) before they are stored; absent where nothing is written. */
  cipher?: CredentialCipher;
  /** Which webhook targets may be saved (loopback only when the server allows it); refuses loopback when absent. */
  webhookTargets?: WebhookTargetPolicy;
  /** How long a printer is offline before the banner lists it (PRINTERNIZER_OFFLINE_GRACE_SECONDS); 60 s when absent. */
  offlineGraceMs?: number;
  /** The content-addressed file store (library deletes remove unused blobs); absent where nothing is removed. */
  fileStore?: FileStore;
}

// `ip`, for the audit log, is the address the web server resolved from the socket and the trusted proxies (never the raw X-Forwarded-For).
export function createTRPCContext(options: CreateContextOptions) {
  return {
    db: options.db,
    headers: options.headers,
    hub: options.hub,
    farm: options.farm,
    cipher: options.cipher,
    session: options.session,
    apiKey: options.apiKey,
    ip: clientAddress(options.headers),
    webhookTargets: options.webhookTargets ?? defaultWebhookTargetPolicy,
    offlineGraceMs: options.offlineGraceMs ?? DEFAULT_OFFLINE_GRACE_MS,
    fileStore: options.fileStore,
  };
}
export type TRPCContext = ReturnType<typeof createTRPCContext>;

// 2. INITIALIZATION
/** "kiosk": only with a valid wall-display link token (see kiosk-procedure.ts), never with a session. */
export type Access = "public" | "kiosk" | Role;
export interface ProcedureMeta {
  access: Access;
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: wireTransformer,
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      message:
        error.code === "INTERNAL_SERVER_ERROR"
          ? "Something went wrong on the server. Try again; if it persists, check the server log."
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError: error.cause instanceof ZodError ? error.cause.flatten() : null,
      },
    }),
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. PROCEDURES
// Outermost: calls made with an API key and refused (403) calls go into the audit log (call-audit.ts).
const auditedProcedure = t.procedure.use(async ({ ctx, path, type, next }) => {
  const result = await next();
  await auditCall(ctx, { path, type }, result.ok ? { ok: true } : { ok: false, error: result.error });
  return result;
});

const guardedProcedure = auditedProcedure.use(async ({ getRawInput, next }) => {
  const reason = hostileInputReason(await getRawInput());
  if (reason) throw new TRPCError({ code: "BAD_REQUEST", message: reason });
  const result = await next();
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isDataRejection(result.error.cause)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        "The database refused a value in this request (too long, out of range or not valid text). Check the input.",
      cause: result.error.cause,
    });
  }
  if (!result.ok && result.error.cause instanceof CommandPayloadError) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: result.error.cause.message,
      cause: result.error.cause,
    });
  }
  return result;
});

export const publicProcedure = guardedProcedure.meta({ access: "public" });

function requiresRole(role: Role) {
  return guardedProcedure.meta({ access: role }).use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    if (!hasRole(ctx.session.user.role, role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${role} role; you are signed in as ${ctx.session.user.role}. Ask an admin.`,
      });
    }
    return next({ ctx: { ...ctx, session: ctx.session } });
  });
}

/** Anyone signed in: read the farm. */
export const viewerProcedure = requiresRole("viewer");
/** Operators and admins: control prints, download files. */
export const operatorProcedure = requiresRole("operator");
/** Admins only: printers, users, settings, audit log. */
export const adminProcedure = requiresRole("admin");

/** The secrets cipher, or a clear server error where the process was started without one. */
export function requireCipher(ctx: { cipher?: CredentialCipher }): CredentialCipher {
  if (!ctx.cipher)
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "This server process cannot store secrets (no PRINTERNIZER_SECRET).",
    });
  return ctx.cipher;
}

/** The file store, or a clear server error where the process was started without one. */
export function requireFileStore(ctx: { fileStore?: FileStore }): FileStore {
  if (!ctx.fileStore)
    throw new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "This server process has no file store (PRINTERNIZER_DATA_DIR).",
    });
  return ctx.fileStore;
}
