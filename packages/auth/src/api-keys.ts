// Personal API keys for scripts: `pk_` + 43 base64url characters (32 random bytes), shown once
// and stored only as their SHA-256. A key acts as its user with the key's role, never more than
// the user's role now (a demoted user's keys are demoted too); a disabled user's keys stop
// working, a deleted user's keys are gone with the user.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@printernizer/db";
import { writeCoalescedAuditLog } from "./audit-writer";
import { hasRole, sessionRole, type Role } from "./roles";

export const apiKeyPrefix = "pk_";
/** How many characters of a key are kept in clear to tell keys apart in lists ("pk_" + 8). */
const shownLength = apiKeyPrefix.length + 8;
/** `lastUsedAt` is written at most once a minute per key. */
export const lastUseResolutionMs = 60_000;
/** The `sessionId` of a call made with a key is this + the key's id (live streams re-check the key, not a session row). */
export const apiKeySessionPrefix = "apikey:";

export class ApiKeyError extends Error {
  constructor(
    message: string,
    readonly code: "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND",
  ) {
    super(message);
    this.name = "ApiKeyError";
  }
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new key: the secret (hand it out once) and what is stored. */
export function generateApiKey() {
  const secret = apiKeyPrefix + randomBytes(32).toString("base64url");
  return { secret, keyHash: hashApiKey(secret), keyPrefix: secret.slice(0, shownLength) };
}

export interface ApiKeyOwner {
  id: string;
  role: string;
}

export interface NewApiKey {
  name: string;
  role: Role;
  expiresAt?: Date | null;
}

const listed = {
  id: true,
  name: true,
  keyPrefix: true,
  role: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
} as const;

/** Creates a key for `owner` with a role no higher than the owner's; the secret is in the answer only. */
export async function createApiKey(db: Db, owner: ApiKeyOwner, input: NewApiKey) {
  if (!hasRole(owner.role, input.role))
    throw new ApiKeyError(
      `A key cannot have more rights than you: you are ${sessionRole(owner.role)}, so choose ${sessionRole(owner.role)} or lower.`,
      "FORBIDDEN",
    );
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new ApiKeyError("The expiry date is in the past; choose a later date or none.", "BAD_REQUEST");
  const { secret, keyHash, keyPrefix } = generateApiKey();
  const key = await db.apiKey.create({
    data: {
      userId: owner.id,
      name: input.name,
      role: input.role,
      keyHash,
      keyPrefix,
      expiresAt: input.expiresAt,
    },
    select: listed,
  });
  return { key, secret };
}

/** The keys of one user (revoked ones too, marked), newest first. */
export function listApiKeys(db: Db, userId: string) {
  return db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: listed });
}

/** Every user's keys, for admins. */
export function listAllApiKeys(db: Db) {
  return db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      ...listed,
      user: { select: { id: true, email: true, name: true, role: true, disabled: true } },
    },
    take: 1_000,
  });
}

/** Revokes a key; `ownerId` limits it to that user's keys (null: an admin revoking anyone's). */
export async function revokeApiKey(db: Db, keyId: string, ownerId: string | null) {
  const key = await db.apiKey.findFirst({
    where: { id: keyId, ...(ownerId ? { userId: ownerId } : {}) },
    select: { ...listed, userId: true },
  });
  if (!key) throw new ApiKeyError("There is no such API key; it may have been deleted.", "NOT_FOUND");
  if (key.revokedAt) return key;
  return db.apiKey.update({
    where: { id: key.id },
    data: { revokedAt: new Date() },
    select: { ...listed, userId: true },
  });
}

export type ApiKeyAuth =
  | {
      ok: true;
      key: { id: string; keyPrefix: string; name: string };
      user: { id: string; email: string; name: string; role: Role };
    }
  | { ok: false; reason: string };

/** Where a call came from, for the audit row of a refused key. */
export interface ApiKeyClient {
  ip?: string | null;
  userAgent?: string | null;
}

function refusedKeyReason(
  key: { revokedAt: Date | null; expiresAt: Date | null; user: { disabled: boolean } },
  now: Date,
) {
  if (key.revokedAt) return "This API key has been revoked. Create a new one under API keys.";
  if (key.expiresAt && key.expiresAt <= now)
    return "This API key has expired. Create a new one under API keys.";
  if (key.user.disabled) return "The user of this API key is disabled. Ask an admin to enable the account.";
  return null;
}

/** What a key may do now: its own role, capped by its user's current role. */
function apiKeyRole(keyRole: string, userRole: string): Role {
  const user = sessionRole(userRole);
  const key = sessionRole(keyRole);
  return hasRole(user, key) ? key : user;
}

/**
 * Of these key ids, the keys that still stand (not revoked, not expired, user enabled) and the
 * role each grants now; an open stream made with a key ends once its key is missing here or its
 * role differs (`live/session-watch.ts`).
 */
export async function standingApiKeyRoles(
  db: Db,
  ids: string[],
  now = new Date(),
): Promise<Map<string, Role>> {
  if (!ids.length) return new Map();
  const keys = await db.apiKey.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      role: true,
      revokedAt: true,
      expiresAt: true,
      user: { select: { role: true, disabled: true } },
    },
  });
  const roles = new Map<string, Role>();
  for (const key of keys)
    if (!refusedKeyReason(key, now)) roles.set(key.id, apiKeyRole(key.role, key.user.role));
  return roles;
}

/**
 * Who a bearer key is: its user with role min(key role, user role), or the sentence saying why
 * not. A known key that is refused (revoked, expired, disabled user) is audited under its user as
 * `api.key_refused` (coalesced: one row per user a minute), so a leaked key being tried shows up.
 */
export async function authenticateApiKey(
  db: Db,
  secret: string,
  now = new Date(),
  client: ApiKeyClient = {},
): Promise<ApiKeyAuth> {
  const key = await db.apiKey.findUnique({
    where: { keyHash: hashApiKey(secret) },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!key) return { ok: false, reason: "This API key is not valid. Create a new one under API keys." };
  const refused = refusedKeyReason(key, now);
  if (refused) {
    await writeCoalescedAuditLog(db, {
      action: "api.key_refused",
      outcome: "refused",
      actorId: key.user.id,
      actorEmail: key.user.email,
      ip: client.ip,
      userAgent: client.userAgent,
      details: { apiKeyId: key.id, keyPrefix: key.keyPrefix, reason: refused },
    });
    return { ok: false, reason: refused };
  }
  const role = apiKeyRole(key.role, key.user.role);
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= lastUseResolutionMs) {
    await db.apiKey.updateMany({
      where: {
        id: key.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - lastUseResolutionMs) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return {
    ok: true,
    key: { id: key.id, keyPrefix: key.keyPrefix, name: key.name },
    user: { id: key.user.id, email: key.user.email, name: key.user.name, role },
  };
}
