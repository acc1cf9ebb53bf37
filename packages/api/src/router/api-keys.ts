// Personal API keys: every signed-in user manages their own (role at most their own, the secret
// shown once); admins see and revoke everyone's. Keys are managed from a signed-in browser only:
// a call made with a key cannot create or revoke keys.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  ApiKeyError,
  createApiKey,
  listAllApiKeys,
  listApiKeys,
  revokeApiKey,
} from "@printernizer/auth/api-keys";
import { recordAudit } from "@printernizer/farm/audit";
import { ZRowIdSchema } from "@printernizer/farm/input-schemas";
import { ZRoleSchema } from "../roles";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const ZCreateApiKeySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name, e.g. the script that will use it.")
    .max(100, "Keep the name under 100 characters."),
  role: ZRoleSchema,
  expiresAt: z.coerce
    .date({ message: "Enter a valid expiry date." })
    // PostgreSQL's timestamp ends at year 294276; a key's life ends far sooner than that
    .max(new Date(Date.UTC(2200, 0, 1)), "Choose an expiry date before 2200, or none.")
    .nullish(),
});
export const ZApiKeyIdSchema = z.object({ keyId: ZRowIdSchema });

const browserOnly = <T extends { ctx: { apiKey?: unknown } }>({ ctx }: T) => {
  if (ctx.apiKey)
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "API keys are managed from a signed-in browser; a key cannot list, create or revoke keys.",
    });
};

function translated(error: unknown): never {
  if (error instanceof ApiKeyError)
    throw new TRPCError({ code: error.code, message: error.message, cause: error });
  throw error;
}

const keyProcedure = viewerProcedure.use(async (opts) => {
  browserOnly(opts);
  return opts.next();
});
const adminKeyProcedure = adminProcedure.use(async (opts) => {
  browserOnly(opts);
  return opts.next();
});

export const apiKeysRouter = createTRPCRouter({
  /** The signed-in user's keys (revoked ones marked), never their secrets. */
  list: keyProcedure.query(({ ctx }) => listApiKeys(ctx.db, ctx.session.user.id)),

  /** A new key; the answer's `secret` is the only time anyone sees it. */
  create: keyProcedure.input(ZCreateApiKeySchema).mutation(async ({ ctx, input }) => {
    const created = await createApiKey(ctx.db, ctx.session.user, input).catch(translated);
    await recordAudit(ctx, {
      action: "apikey.create",
      targetType: "apikey",
      targetId: created.key.id,
      targetLabel: created.key.name,
      details: { keyPrefix: created.key.keyPrefix, role: created.key.role },
    });
    return created;
  }),

  /** Revokes one of the user's own keys: calls with it are refused (401) from now on. */
  revoke: keyProcedure.input(ZApiKeyIdSchema).mutation(async ({ ctx, input }) => {
    const key = await revokeApiKey(ctx.db, input.keyId, ctx.session.user.id).catch(translated);
    await recordAudit(ctx, {
      action: "apikey.revoke",
      targetType: "apikey",
      targetId: key.id,
      targetLabel: key.name,
      details: { keyPrefix: key.keyPrefix },
    });
    return key;
  }),

  /** Every user's keys with their owner (admins). */
  all: adminKeyProcedure.query(({ ctx }) => listAllApiKeys(ctx.db)),

  /** Revokes anyone's key (admins). */
  revokeAny: adminKeyProcedure.input(ZApiKeyIdSchema).mutation(async ({ ctx, input }) => {
    const key = await revokeApiKey(ctx.db, input.keyId, null).catch(translated);
    await recordAudit(ctx, {
      action: "apikey.revoke",
      targetType: "apikey",
      targetId: key.id,
      targetLabel: key.name,
      details: { keyPrefix: key.keyPrefix, ownerId: key.userId },
    });
    return key;
  }),
});
