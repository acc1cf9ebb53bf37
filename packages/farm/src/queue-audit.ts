// Audit entries the queue's dispatcher writes: no signed-in person made the decision, so the
// actor is the system ("system: queue dispatcher on worker-a"), written in the same transaction
// as the decision through the audit writer's row bounds.
import { auditRow } from "@printernizer/auth/audit-writer";
import type { Prisma } from "@printernizer/db";
import type { AuditEntry } from "./audit";

/** What the audit log shows as the actor of a dispatcher decision. */
export function dispatcherActor(workerId: string): string {
  return `system: queue dispatcher on ${workerId}`;
}

export async function recordSystemAuditIn(
  tx: Prisma.TransactionClient,
  actor: string,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: auditRow({ ...entry, actorId: null, actorEmail: actor, ip: null, userAgent: null }),
  });
}
