// Which workers exist and which are alive (a heartbeat within the last 15 s, not stopped).
import type { Db } from "@printernizer/db";

export const workerAliveWithinMs = 15_000;

export async function listWorkers(db: Db, now: Date = new Date()) {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const rows = await db.workerNode.findMany({
    where: { OR: [{ lastHeartbeat: { gte: since } }, { stoppedAt: null }] },
    orderBy: { startedAt: "desc" },
    take: 50,
  });
  return rows.map((row) => ({
    id: row.id,
    hostname: row.hostname,
    pid: row.pid,
    version: row.version,
    startedAt: row.startedAt,
    lastHeartbeat: row.lastHeartbeat,
    alive: !row.stoppedAt && now.getTime() - row.lastHeartbeat.getTime() <= workerAliveWithinMs,
  }));
}
