// Assembles the worker's long-running pieces and stops them in reverse order:
// registration + heartbeat, persistence pipeline, leases + fleet supervisor (with the offline
// notifier), command executor, LISTEN connection, retention, and the health/metrics endpoint.
import path from "node:path";
import type { Db } from "@printernizer/db";
import { createCredentialCipher } from "@printernizer/db/secrets";
import { LocalFileStore } from "@printernizer/file-store";
import type { Logger } from "@printernizer/logger";
import { cameraTokenVerifier } from "@printernizer/farm/camera/camera-token";
import { CameraHub } from "./camera/camera-hub";
import { cameraRoute } from "./camera/camera-routes";
import { CommandExecutor } from "./commands/command-executor";
import { DatabaseListener } from "./database-listener";
import { QueueDispatcher } from "./dispatch/queue-dispatcher";
import type { WorkerEnv } from "./env";
import { FileService } from "./files/file-service";
import { ThumbnailFetcher } from "./files/thumbnail-fetcher";
import { FleetSupervisor, type KindDefinitions } from "./fleet/fleet-supervisor";
import { LeaseManager } from "./fleet/lease-manager";
import { startHealthServer } from "./health-server";
import { createWorkerMetrics } from "./metrics";
import { OfflineNotifier } from "./notifications/offline-notifier";
import { WebhookDispatcher } from "./notifications/webhook-dispatcher";
import { PersistencePipeline } from "./persistence/persistence-pipeline";
import { writesCheck } from "./persistence/writes-check";
import { UploadSlots } from "./printing/upload-slots";
import { startRetention } from "./persistence/retention";
import { registerWorker } from "./worker-registration";

export const workerVersion = "0.1.0";

export interface RunningWorker {
  id: string;
  healthUrl: string;
  fleet: FleetSupervisor;
  pipeline: PersistencePipeline;
  cameras: CameraHub;
  stop(): Promise<void>;
}

export async function startWorker(options: {
  env: WorkerEnv;
  db: Db;
  logger: Logger;
  kinds: KindDefinitions;
}): Promise<RunningWorker> {
  const { env, db, logger, kinds } = options;
  await db.$queryRaw`SELECT 1`;
  const cipher = createCredentialCipher(env.PRINTERNIZER_SECRET, env.PRINTERNIZER_SECRET_PREVIOUS);

  // Metrics and health read the pieces lazily: they exist before the pieces do.
  const parts: { fleet?: FleetSupervisor; pipeline?: PersistencePipeline; thumbnails?: ThumbnailFetcher } =
    {};
  const cameras = new CameraHub({
    adapterOf: (printerId) => parts.fleet?.adapter(printerId),
    lingerMs: env.PRINTERNIZER_CAMERA_LINGER_MS,
    logger: logger.child({ module: "camera" }),
  });
  const metrics = createWorkerMetrics({ fleet: () => parts.fleet, pipeline: () => parts.pipeline });
  const store = new LocalFileStore(path.join(env.PRINTERNIZER_DATA_DIR, "files"));

  const health = await startHealthServer({
    host: env.PRINTERNIZER_WORKER_HOST,
    port: env.PRINTERNIZER_WORKER_PORT,
    logger,
    checks: [
      {
        name: "database",
        check: async () => {
          await db.$queryRaw`SELECT 1`;
          return { ok: true, detail: { bufferedWrites: parts.pipeline?.stats().queued ?? 0 } };
        },
      },
      {
        // SELECT 1 can work while no write commits (a lock, a poisoned batch): this says so.
        name: "writes",
        check: async () => writesCheck(parts.pipeline),
      },
      {
        name: "leases",
        check: async () => {
          const renewed = parts.fleet?.lastRenewedAt;
          // Past two lease periods without a renewal, other workers may have taken our printers.
          const ok = renewed !== undefined && Date.now() - renewed.getTime() < 2 * env.PRINTERNIZER_LEASE_MS;
          return {
            ok,
            detail: {
              owned: parts.fleet?.ownedPrinterIds().length ?? 0,
              lastRenewedAt: renewed?.toISOString() ?? null,
            },
          };
        },
      },
      {
        name: "printers",
        check: async () => {
          const adapters = parts.fleet?.adapters() ?? [];
          const connected = adapters.filter((a) => a.health().connected).length;
          return { ok: true, detail: { owned: adapters.length, connected } };
        },
      },
    ],
    routes: {
      "/metrics": async (_req, res) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
    },
    prefixRoutes: {
      "/camera/": cameraRoute({
        hub: cameras,
        verify: cameraTokenVerifier(env.PRINTERNIZER_SECRET, env.PRINTERNIZER_SECRET_PREVIOUS),
      }),
    },
  });
  const registration = await registerWorker({
    db,
    logger,
    id: env.PRINTERNIZER_WORKER_ID,
    version: workerVersion,
    healthUrl: health.url,
    heartbeatMs: env.PRINTERNIZER_HEARTBEAT_MS,
    writes: () => {
      const writes = parts.pipeline?.writeHealth();
      return (
        writes && {
          lastCommitAt: writes.lastCommitAt,
          writesStalledSince: writes.stalled ? writes.oldestPendingAt : undefined,
        }
      );
    },
  });
  const workerLogger = logger.child({ workerId: registration.id });

  const pipeline = new PersistencePipeline(
    db,
    registration.id,
    workerLogger.child({ module: "persistence" }),
    {
      statusCoalesceMs: env.PRINTERNIZER_STATUS_COALESCE_MS,
      sampleIntervalMs: env.PRINTERNIZER_SAMPLE_INTERVAL_MS,
      writeStallMs: env.PRINTERNIZER_WRITE_STALL_MS,
    },
    {
      onEvent: () => metrics.reportsTotal.inc(),
      onJobOpened: (printerId, jobId, job) => parts.thumbnails?.fetch(printerId, jobId, job),
      onBatch: (batch) => {
        metrics.writeBatchSize.observe(batch.ops + batch.statuses);
        metrics.writeBatchSeconds.observe(batch.ms / 1000);
      },
      onRejected: (reason) => metrics.writesRejected.inc({ reason }),
    },
  );
  parts.pipeline = pipeline;
  pipeline.start();
  const leases = new LeaseManager(db, registration.id, workerLogger.child({ module: "leases" }), {
    leaseMs: env.PRINTERNIZER_LEASE_MS,
  });
  const offline = new OfflineNotifier({
    db,
    graceMs: env.PRINTERNIZER_OFFLINE_GRACE_SECONDS * 1000,
    record: (printerId, type, payload, at) => pipeline.recordWorkerEvent(printerId, type, payload, at),
  });
  const fleet = new FleetSupervisor({
    db,
    leases,
    pipeline,
    cipher,
    kinds,
    logger: workerLogger.child({ module: "fleet" }),
    tickMs: env.PRINTERNIZER_FLEET_TICK_MS,
    policy: { authRetryMs: env.PRINTERNIZER_AUTH_RETRY_SECONDS * 1000 },
    offline,
    parallelConnects: env.PRINTERNIZER_PARALLEL_CONNECTS,
  });
  parts.fleet = fleet;
  parts.thumbnails = new ThumbnailFetcher(
    store,
    (id) => fleet.adapter(id),
    (id, jobId, blob) => pipeline.setJobThumbnail(id, jobId, blob),
    workerLogger.child({ module: "thumbnails" }),
  );
  const files = new FileService(db, store);
  const commands = new CommandExecutor({
    db,
    workerId: registration.id,
    fleet,
    kinds,
    cipher,
    files,
    printing: { store, slots: new UploadSlots(env.PRINTERNIZER_MAX_PARALLEL_UPLOADS) },
    logger: workerLogger.child({ module: "commands" }),
    onExecuted: (kind, ms, ok) =>
      metrics.commandSeconds.observe({ kind, outcome: ok ? "done" : "failed" }, ms / 1000),
  });
  const webhooks = new WebhookDispatcher(db, cipher, workerLogger.child({ module: "webhooks" }), {
    targets: { allowLoopback: env.PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK },
    publicUrl: env.PRINTERNIZER_PUBLIC_URL,
  });
  const dispatcher = new QueueDispatcher({
    db,
    workerId: registration.id,
    ownedPrinterIds: () => fleet.ownedPrinterIds(),
    isConnected: (printerId) => fleet.adapter(printerId)?.health().connected ?? false,
    currentStatus: async (printerId) => {
      const adapter = fleet.adapter(printerId);
      if (!adapter?.health().connected) return undefined;
      return adapter.getStatus(AbortSignal.timeout(10_000)).catch(() => undefined);
    },
    logger: workerLogger.child({ module: "dispatch" }),
  });
  const reconcile = () => void fleet.tick().then(() => commands.wake());
  const listener = new DatabaseListener(env.DATABASE_URL, workerLogger.child({ module: "listener" }))
    .on("printersChanged", reconcile)
    .on("commandRequested", () => commands.wake())
    .on("webhookQueued", () => webhooks.wake())
    .on("queueChanged", () => dispatcher.wake())
    .on("printerUpdates", (update) => {
      // a printer of ours changed state (idle now, printing now): maybe something can start or be staged
      if (update.changes.includes("status") && fleet.adapter(update.printerId)) dispatcher.wake();
    })
    .onMaybeMissed(() => {
      reconcile();
      webhooks.wake();
      dispatcher.wake();
    });
  await listener.start();
  fleet.start();
  offline.start();
  commands.start();
  webhooks.start();
  dispatcher.start();
  const retention = startRetention(
    db,
    workerLogger.child({ module: "retention" }),
    env.PRINTERNIZER_RETENTION_INTERVAL_MS,
  );
  workerLogger.info({ health: health.url }, "worker started");

  return {
    id: registration.id,
    healthUrl: health.url,
    fleet: fleet,
    pipeline: pipeline,
    cameras,
    stop: async () => {
      await cameras.close();
      retention.stop();
      await dispatcher.stop();
      await webhooks.stop();
      await commands.stop();
      await listener.stop();
      offline.stop();
      await fleet.stop(); // disconnects printers, then releases their leases
      await pipeline.stop();
      await registration.stop();
      await health.close();
    },
  };
}
