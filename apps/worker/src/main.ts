// Worker entry point: validate env, connect to Postgres, register, serve health, stop cleanly.
import { createDb } from "@printernizer/db";
import { createLogger } from "@printernizer/logger";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "./env";
import { startWorker } from "./worker";

// eslint-disable-next-line no-restricted-properties -- the one place the worker reads its environment
const env = loadWorkerEnv(process.env);
const logger = createLogger({ name: "worker", level: env.LOG_LEVEL });
const db = createDb({ databaseUrl: env.DATABASE_URL });

const worker = await startWorker({ env, db, logger, kinds: printerKinds }).catch((error: unknown) => {
  logger.fatal({ err: error }, "worker could not start");
  process.exit(1);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping worker");
    worker
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "unclean stop");
        process.exit(1);
      });
  });
}
