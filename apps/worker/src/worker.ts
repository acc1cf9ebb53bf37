// Assembles the worker's long-running pieces and stops them in reverse order.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";
import type { WorkerEnv } from "./env";
import { startHealthServer } from "./health-server";
import { registerWorker } from "./worker-registration";

export const workerVersion = "0.1.0";

export interface RunningWorker {
  id: string;
  healthUrl: string;
  stop(): Promise<void>;
}

export async function startWorker(options: { env: WorkerEnv; db: Db; logger: Logger }): Promise<RunningWorker> {
  const { env, db, logger } = options;
  await db.$queryRaw`SELECT 1`;
  const health = await startHealthServer({
    host: env.PRINTERNIZER_WORKER_HOST,
    port: env.PRINTERNIZER_WORKER_PORT,
    logger,
    checks: [
      {
        name: "database",
        check: async () => {
          await db.$queryRaw`SELECT 1`;
          return { ok: true };
        },
      },
    ],
  });
  const registration = await registerWorker({
    db,
    logger,
    id: env.PRINTERNIZER_WORKER_ID,
    version: workerVersion,
    healthUrl: health.url,
    heartbeatMs: env.PRINTERNIZER_HEARTBEAT_MS,
  });
  logger.info({ workerId: registration.id, health: health.url }, "worker started");
  return {
    id: registration.id,
    healthUrl: health.url,
    stop: async () => {
      await registration.stop();
      await health.close();
    },
  };
}
