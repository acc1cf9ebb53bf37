// Who paused the queue and when, for "Queue paused by ada at 10:12": read from the audit log,
// which records every pause and resume with the person who did it (the settings row holds only
// whether the queue is paused). Null when the latest of the two was a resume or none is recorded.
import type { Db } from "@printernizer/db";

export interface QueuePauseRecord {
  /** The person's name, else their email, else null (an account deleted since). */
  by: string | null;
  at: Date;
}

export async function queuePauseRecord(db: Db): Promise<QueuePauseRecord | null> {
  const last = await db.auditLog.findFirst({
    where: { action: { in: ["queue.pause", "queue.resume"] }, outcome: "success" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { action: true, createdAt: true, actorId: true, actorEmail: true },
  });
  if (last?.action !== "queue.pause") return null;
  const user = last.actorId
    ? await db.user.findUnique({ where: { id: last.actorId }, select: { name: true } })
    : null;
  return { by: user?.name || last.actorEmail || null, at: last.createdAt };
}
