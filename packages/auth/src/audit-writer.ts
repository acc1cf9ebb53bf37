// Sign-in events for the audit log (the same AuditLog table the tRPC procedures write).
import type { Db } from "@printernizer/db";

export interface AuthAuditEntry {
  action: "auth.login" | "auth.login_failed" | "auth.logout" | "auth.setup" | "auth.login_blocked";
  outcome: "success" | "failure";
  actorId?: string | null;
  email?: string | null;
  ip: string | null;
  userAgent: string | null;
  reason?: string;
}

export async function writeAuthAudit(db: Db, entry: AuthAuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      action: entry.action,
      outcome: entry.outcome,
      actorId: entry.actorId ?? null,
      actorEmail: entry.email ?? null,
      targetType: "user",
      targetId: entry.actorId ?? null,
      targetLabel: entry.email ?? null,
      ip: entry.ip,
      userAgent: entry.userAgent?.slice(0, 300) ?? null,
      details: entry.reason ? { reason: entry.reason } : {},
    },
  });
}
