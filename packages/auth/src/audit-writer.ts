// The one writer of the AuditLog table: the sign-in hooks here, the procedures (through
// @printernizer/farm/audit), first-run setup and the admin CLI all go through `writeAuditLog`,
// so every row gets the same bounds. Much of a row comes from the request (email typed at
// sign-in, user agent, names): text is cut to its bound and stripped of what PostgreSQL refuses
// (NUL, lone surrogates), so an odd request never turns an audited action into a server error.
import type { Db, Prisma } from "@printernizer/db";

export const auditLimits = {
  /** Action, outcome, target type and id, ip. */
  short: 200,
  /** Actor email, target label, each text inside `details`. */
  text: 1_000,
  userAgent: 300,
  /** Nesting and entries of `details` (callers pass names of changed fields, never big values). */
  detailsDepth: 8,
  detailsEntries: 100,
} as const;

export interface AuditRecord {
  /** Dotted name, e.g. auth.login, printer.create, printer.pause, user.role, webhook.delete. */
  action: string;
  /** "refused": the caller was not allowed (403), see `writeCoalescedAuditLog`. */
  outcome?: "success" | "failure" | "refused";
  actorId?: string | null;
  actorEmail?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** What the target was called at the time (printer name, user email). */
  targetLabel?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Never secrets: callers pass names of changed fields, not their values. */
  details?: Prisma.InputJsonValue;
}

export async function writeAuditLog(db: Db, record: AuditRecord): Promise<void> {
  await db.auditLog.create({ data: auditRow(record) });
}

/** How long repeats of one actor's same action and outcome fold into one row (`writeCoalescedAuditLog`). */
export const auditCoalesceWindowMs = 60_000;

/**
 * For what a loop could repeat thousands of times (refused calls, API-key reads): the first
 * such call of an actor, action and outcome in a minute writes a row; the repeats in that
 * minute only count up `details.repeats` on it. At most one row per actor, action, outcome and minute.
 */
export async function writeCoalescedAuditLog(db: Db, record: AuditRecord): Promise<void> {
  const row = auditRow(record);
  const counted = await db.$executeRaw`
    UPDATE "AuditLog" SET details = jsonb_set(details, '{repeats}',
      to_jsonb(COALESCE((details->>'repeats')::int, 0) + 1))
    WHERE id = (SELECT id FROM "AuditLog"
      WHERE "actorId" IS NOT DISTINCT FROM ${row.actorId} AND action = ${row.action}
        AND outcome = ${row.outcome} AND "createdAt" > now() - make_interval(secs => ${auditCoalesceWindowMs / 1000})
      ORDER BY "createdAt" DESC LIMIT 1)`;
  if (counted === 0) await db.auditLog.create({ data: row });
}

/** The row as stored: every text bounded and clean. Exported for the unit test. */
export function auditRow(record: AuditRecord) {
  return {
    action: cleanText(record.action, auditLimits.short),
    outcome: record.outcome ?? "success",
    actorId: optionalText(record.actorId, auditLimits.short),
    actorEmail: optionalText(record.actorEmail, auditLimits.text),
    targetType: optionalText(record.targetType, auditLimits.short),
    targetId: optionalText(record.targetId, auditLimits.short),
    targetLabel: optionalText(record.targetLabel, auditLimits.text),
    ip: optionalText(record.ip, auditLimits.short),
    userAgent: optionalText(record.userAgent, auditLimits.userAgent),
    details: cleanDetails(record.details ?? {}, 0) ?? {},
  };
}

// eslint-disable-next-line no-control-regex -- NUL is what is removed
const unstorableCharacters = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Without NUL and lone UTF-16 surrogates (PostgreSQL refuses both), at most `max` characters. */
export function cleanText(text: string, max: number): string {
  const clean = text.replace(unstorableCharacters, "");
  if (clean.length <= max) return clean;
  // do not cut a surrogate pair in half
  const cut = clean.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function optionalText(text: string | null | undefined, max: number): string | null {
  return text === null || text === undefined ? null : cleanText(text, max);
}

function cleanDetails(value: unknown, depth: number): Prisma.InputJsonValue | undefined {
  if (typeof value === "string") return cleanText(value, auditLimits.text);
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined || typeof value !== "object") return undefined;
  if (depth >= auditLimits.detailsDepth) return "…";
  if (Array.isArray(value))
    return value
      .slice(0, auditLimits.detailsEntries)
      .map((item) => cleanDetails(item, depth + 1) ?? null) as Prisma.InputJsonArray;
  const out: Record<string, Prisma.InputJsonValue> = {};
  for (const [key, item] of Object.entries(value).slice(0, auditLimits.detailsEntries)) {
    const clean = cleanDetails(item, depth + 1);
    if (clean !== undefined) out[cleanText(key, auditLimits.short)] = clean;
  }
  return out;
}

export interface AuthAuditEntry {
  action: "auth.login" | "auth.login_failed" | "auth.logout" | "auth.setup" | "auth.login_blocked";
  outcome: "success" | "failure";
  actorId?: string | null;
  email?: string | null;
  ip: string | null;
  userAgent: string | null;
  reason?: string;
}

/** Sign-in events (and first-run setup): the person is the target too. */
export function writeAuthAudit(db: Db, entry: AuthAuditEntry): Promise<void> {
  return writeAuditLog(db, {
    action: entry.action,
    outcome: entry.outcome,
    actorId: entry.actorId ?? null,
    actorEmail: entry.email ?? null,
    targetType: "user",
    targetId: entry.actorId ?? null,
    targetLabel: entry.email ?? null,
    ip: entry.ip,
    userAgent: entry.userAgent,
    details: entry.reason ? { reason: entry.reason } : {},
  });
}
