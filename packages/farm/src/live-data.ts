// Whether the live data the dashboard shows is current: the worker records in its
// WorkerNode row (with every heartbeat) since when its writes have been stuck; with no live
// worker at all nothing writes. Feeds the "Live data is stale since …" banner on every page.
import type { Db } from "@printernizer/db";
import { workerAliveWithinMs } from "./workers";

export type LiveDataProblem = "writes_stalled" | "no_worker";

export interface LiveDataStatus {
  stale: boolean;
  problem: LiveDataProblem | null;
  /** Since when the data is stale: the oldest stuck write, or the last heartbeat of the last worker seen. */
  since: Date | null;
  /** The workers whose writes are stuck (empty for no_worker). */
  workers: { id: string; hostname: string }[];
}

const fresh: LiveDataStatus = { stale: false, problem: null, since: null, workers: [] };

export async function liveDataStatus(db: Db, now: Date = new Date()): Promise<LiveDataStatus> {
  const enabled = await db.printer.count({ where: { enabled: true } });
  if (enabled === 0) return fresh; // nothing to be live about
  const aliveSince = new Date(now.getTime() - workerAliveWithinMs);
  const alive = await db.workerNode.findMany({
    where: { stoppedAt: null, lastHeartbeat: { gte: aliveSince } },
    select: { id: true, hostname: true, writesStalledSince: true },
    orderBy: { id: "asc" },
  });
  if (alive.length === 0) {
    const last = await db.workerNode.findFirst({
      orderBy: { lastHeartbeat: "desc" },
      select: { lastHeartbeat: true, lastCommitAt: true },
    });
    return {
      stale: true,
      problem: "no_worker",
      since: last?.lastCommitAt ?? last?.lastHeartbeat ?? null,
      workers: [],
    };
  }
  const stalled = alive.filter((w) => w.writesStalledSince);
  if (stalled.length === 0) return fresh;
  const since = stalled.reduce(
    (min, w) => (w.writesStalledSince! < min ? w.writesStalledSince! : min),
    stalled[0]!.writesStalledSince!,
  );
  return {
    stale: true,
    problem: "writes_stalled",
    since,
    workers: stalled.map(({ id, hostname }) => ({ id, hostname })),
  };
}
