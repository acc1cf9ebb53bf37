// The audit log: who did what, when and from where. Written by every procedure that changes
// something or commands a printer, and by the sign-in hooks (packages/auth).
import type { Db, Prisma } from "@printernizer/db";
import type { AuthSession } from "./session";

export interface AuditContext {
  db: Db;
  session: AuthSession | null;
  ip: string | null;
  headers: Headers;
}

export interface AuditEntry {
  /** Dotted name, e.g. printer.create, printer.pause, user.role, webhook.delete. */
  action: string;
  outcome?: "success" | "failure";
  targetType?: string;
  targetId?: string;
  /** What the target was called at the time (printer name, user email). */
  targetLabel?: string;
  /** Never secrets: callers pass names of changed fields, not their values. */
  details?: Prisma.InputJsonValue;
}

export async function recordAudit(ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await ctx.db.auditLog.create({
    data: {
      actorId: ctx.session?.user.id ?? null,
      actorEmail: ctx.session?.user.email ?? null,
      action: entry.action,
      outcome: entry.outcome ?? "success",
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? null,
      ip: ctx.ip,
      userAgent: ctx.headers.get("user-agent")?.slice(0, 300) ?? null,
      details: entry.details ?? {},
    },
  });
}
