// Registers this worker process in `WorkerNode` and keeps its heartbeat fresh, so the
// web app (and other workers) can see which workers are alive.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";

export interface WorkerRegistration {
  id: string;
  stop(): Promise<void>;
  /** Time of the last heartbeat the database accepted. */
  lastBeat(): Date | undefined;
}

export interface RegisterWorkerOptions {
  db: Db;
  logger: Logger;
  id?: string;
  version: string;
  healthUrl?: string;
  heartbeatMs: number;
  /** Read at every heartbeat: how this worker's writes are doing, for the web app's stale-data banner. */
  writes?: () => { lastCommitAt?: Date; writesStalledSince?: Date } | undefined;
}

export async function registerWorker(options: RegisterWorkerOptions): Promise<WorkerRegistration> {
  const { db, logger } = options;
  const id = options.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  const now = new Date();
  await db.workerNode.upsert({
    where: { id },
    create: {
      id,
      hostname: hostname(),
      pid: process.pid,
      version: options.version,
      healthUrl: options.healthUrl,
      startedAt: now,
      lastHeartbeat: now,
    },
    update: {
      hostname: hostname(),
      pid: process.pid,
      version: options.version,
      healthUrl: options.healthUrl,
      startedAt: now,
      lastHeartbeat: now,
      stoppedAt: null,
    },
  });
  let last: Date | undefined = now;
  logger.info({ workerId: id }, "worker registered");

  // The heartbeat is the database's clock (now()), like the fleet's heartbeat at every tick: other
  // workers compare it with now() to decide whether this worker's printer leases still hold.
  const beat = async () => {
    const at = new Date();
    try {
      const writes = options.writes?.();
      if (writes) {
        await db.$executeRaw`UPDATE "WorkerNode" SET "lastHeartbeat" = now(),
          "lastCommitAt" = ${writes.lastCommitAt ?? null}::timestamp(3),
          "writesStalledSince" = ${writes.writesStalledSince ?? null}::timestamp(3) WHERE "id" = ${id}`;
      } else {
        await db.$executeRaw`UPDATE "WorkerNode" SET "lastHeartbeat" = now() WHERE "id" = ${id}`;
      }
      last = at;
    } catch (error) {
      logger.warn({ err: error }, "heartbeat failed; will retry");
    }
  };
  const timer = setInterval(() => void beat(), options.heartbeatMs);
  timer.unref();

  return {
    id,
    lastBeat: () => last,
    stop: async () => {
      clearInterval(timer);
      await db.workerNode
        .update({ where: { id }, data: { stoppedAt: new Date() } })
        .catch((error: unknown) => {
          logger.warn({ err: error }, "could not mark the worker stopped");
        });
    },
  };
}
