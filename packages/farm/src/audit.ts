// The audit log: who did what, when and from where. Written by every procedure that changes
// something or commands a printer, and by the sign-in hooks, through the one writer in packages/auth.
import { writeAuditLog } from "@printernizer/auth/audit-writer";
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

export function recordAudit(ctx: AuditContext, entry: AuditEntry): Promise<void> {
  return writeAuditLog(ctx.db, {
    ...entry,
    actorId: ctx.session?.user.id ?? null,
    actorEmail: ctx.session?.user.email ?? null,
    ip: ctx.ip,
    userAgent: ctx.headers.get("user-agent"),
  });
}
