// Wall-display (kiosk) links: `/wall/<token>` shows the farm read-only, without signing in.
// The token is 32 random bytes (base64url, 43 characters), shown once when an admin creates the
// link; only its SHA-256 is stored, plus its first characters to tell links apart. A lookup
// hashes what the caller sent and finds the row by that hash (an index lookup of a digest the
// caller cannot steer, then a constant-time comparison), so the time taken says nothing about
// how close a guess was. Revoked links stop at once: every request checks, and open live
// streams are re-checked every few seconds (`live/kiosk-watch.ts`).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "@printernizer/db";

export const kioskTokenBytes = 32;
export const kioskTokenPrefixLength = 8;
/** `lastUsedAt` is written at most this often per link (a wall refreshes all day). */
export const kioskLastUseIntervalMs = 60_000;

/** What a person is told for a link that is unknown, mistyped or revoked (the same words for all). */
export const invalidKioskLinkMessage =
  "This wall-display link is not valid (revoked or mistyped). Ask an admin for a new one.";

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export const ZKioskCreateSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the wall display a name, e.g. “Workshop TV”.")
    .max(100, "Keep the name under 100 characters."),
});
export const ZKioskIdSchema = z.object({ id: z.string().min(1, "Which wall-display link?") });

export function hashKioskToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface KioskGrant {
  id: string;
  name: string;
}

export interface CreatedKioskToken {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: Date;
  /** The secret itself: returned once, never stored. */
  token: string;
}

export async function createKioskToken(
  db: Db,
  input: { name: string; createdById: string | null },
): Promise<CreatedKioskToken> {
  const token = randomBytes(kioskTokenBytes).toString("base64url");
  const row = await db.kioskToken.create({
    data: {
      name: input.name,
      tokenHash: hashKioskToken(token),
      tokenPrefix: token.slice(0, kioskTokenPrefixLength),
      createdById: input.createdById,
    },
    select: { id: true, name: true, tokenPrefix: true, createdAt: true },
  });
  return { ...row, token };
}

export interface KioskTokenListItem {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every link, newest first, with who created it (name, or null when that user is gone). */
export async function listKioskTokens(db: Db): Promise<KioskTokenListItem[]> {
  const rows = await db.kioskToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      tokenPrefix: true,
      createdAt: true,
      createdById: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
  const creatorIds = [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const users = creatorIds.length
    ? await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map(({ createdById, ...row }) => ({
    ...row,
    createdBy: createdById ? (names.get(createdById) ?? null) : null,
  }));
}

/** Revokes a link (idempotent); null when there is no such link. */
export async function revokeKioskToken(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  await db.kioskToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return db.kioskToken.findUnique({ where: { id }, select: { id: true, name: true } });
}

/**
 * The link a token opens, or null for anything else (malformed, unknown, revoked). Marks the
 * link used, at most once a minute whatever the number of walls and web instances.
 */
export async function verifyKioskToken(db: Db, token: unknown, now = new Date()): Promise<KioskGrant | null> {
  if (typeof token !== "string" || !tokenShape.test(token)) return null;
  const hash = hashKioskToken(token);
  const row = await db.kioskToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, name: true, tokenHash: true, revokedAt: true },
  });
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash)) || row.revokedAt) return null;
  await db.kioskToken.updateMany({
    where: {
      id: row.id,
      revokedAt: null,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - kioskLastUseIntervalMs) } }],
    },
    data: { lastUsedAt: now },
  });
  return { id: row.id, name: row.name };
}

/** Of these link ids, the ones still valid (not revoked, not deleted). */
export async function validKioskIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.kioskToken.findMany({
    where: { id: { in: ids }, revokedAt: null },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}
