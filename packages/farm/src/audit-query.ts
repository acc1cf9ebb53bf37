// Browsing the audit log: newest first, filtered, paged by cursor.
import type { Db, Prisma } from "@printernizer/db";

export interface AuditFilter {
  action?: string;
  actor?: string;
  outcome?: "success" | "failure" | "refused";
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

export async function listAudit(db: Db, filter: AuditFilter) {
  const where: Prisma.AuditLogWhereInput = {};
  if (filter.action)
    where.action = filter.action.endsWith(".") ? { startsWith: filter.action } : filter.action;
  if (filter.actor) where.actorEmail = { contains: filter.actor, mode: "insensitive" };
  if (filter.outcome) where.outcome = filter.outcome;
  if (filter.from || filter.to)
    where.createdAt = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lte: filter.to } : {}),
    };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > filter.limit;
  const entries = hasMore ? rows.slice(0, filter.limit) : rows;
  return { entries, nextCursor: hasMore ? entries.at(-1)!.id : null };
}

/** The distinct actions recorded so far, for the filter's choices. */
export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.auditLog.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((row) => row.action);
}
