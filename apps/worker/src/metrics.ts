// Prometheus metrics of the worker (prom-client), served at /metrics.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { FleetSupervisor } from "./fleet/fleet-supervisor";
import type { PersistencePipeline } from "./persistence/persistence-pipeline";
import { rejectionReasons } from "./persistence/rejected-writes";

export interface WorkerMetrics {
  registry: Registry;
  reportsTotal: Counter;
  writeBatchSize: Histogram;
  writeBatchSeconds: Histogram;
  commandSeconds: Histogram;
  writesRejected: Counter;
}

export function createWorkerMetrics(sources: {
  fleet: () => FleetSupervisor | undefined;
  pipeline: () => PersistencePipeline | undefined;
}): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "printernizer_worker_" });
  const adapters = () => sources.fleet()?.adapters() ?? [];

  new Gauge({
    name: "printernizer_printers_owned",
    help: "Printers this worker owns (holds a lease for and runs an adapter)",
    registers: [registry],
    collect() {
      this.set(adapters().length);
    },
  });
  new Gauge({
    name: "printernizer_printers_connected",
    help: "Owned printers with a live connection",
    registers: [registry],
    collect() {
      this.set(adapters().filter((a) => a.health().connected).length);
    },
  });
  new Gauge({
    name: "printernizer_printers_in_error",
    help: "Owned printers whose last attempt failed or that report errors",
    registers: [registry],
    collect() {
      this.set(adapters().filter((a) => !a.health().connected && a.health().lastError).length);
    },
  });
  new Gauge({
    name: "printernizer_circuit_breakers",
    help: "Owned printers by circuit breaker state",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const counts = { closed: 0, open: 0, "half-open": 0 };
      for (const a of adapters()) counts[a.health().circuit]++;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "printernizer_reconnects",
    help: "Reconnects of the owned printers' adapters since they started",
    registers: [registry],
    collect() {
      this.set(adapters().reduce((sum, a) => sum + a.health().reconnects, 0));
    },
  });
  const reportsTotal = new Counter({
    name: "printernizer_reports_total",
    help: "Events received from printers (its rate is reports per second)",
    registers: [registry],
  });
  new Gauge({
    name: "printernizer_write_queue_length",
    help: "Writes buffered for the database",
    registers: [registry],
    collect() {
      this.set(sources.pipeline()?.stats().queued ?? 0);
    },
  });
  new Gauge({
    name: "printernizer_telemetry_dropped",
    help: "Telemetry samples dropped because the write buffer was full",
    registers: [registry],
    collect() {
      this.set(sources.pipeline()?.stats().droppedTelemetry ?? 0);
    },
  });
  new Gauge({
    name: "printernizer_critical_dropped",
    help: "State transitions/events dropped past the write buffer bound",
    registers: [registry],
    collect() {
      this.set(sources.pipeline()?.stats().droppedCritical ?? 0);
    },
  });
  new Gauge({
    name: "printernizer_database_up",
    help: "1 when the last database write succeeded",
    registers: [registry],
    collect() {
      this.set(sources.pipeline()?.stats().databaseUp === false ? 0 : 1);
    },
  });
  new Gauge({
    name: "printernizer_write_oldest_pending_seconds",
    help: "Age of the oldest write waiting for the database (0 when none waits)",
    registers: [registry],
    collect() {
      const oldest = sources.pipeline()?.writeHealth().oldestPendingAt;
      this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: "printernizer_write_last_commit_timestamp_seconds",
    help: "Unix time of the last committed write batch (0 before the first)",
    registers: [registry],
    collect() {
      this.set((sources.pipeline()?.writeHealth().lastCommitAt?.getTime() ?? 0) / 1000);
    },
  });
  const writesRejected = new Counter({
    name: "printernizer_writes_rejected_total",
    help: "Writes given up on and recorded in RejectedWrite, by reason (rejected, too_large, timeout, unknown)",
    labelNames: ["reason"],
    registers: [registry],
  });
  for (const reason of rejectionReasons) writesRejected.inc({ reason }, 0);
  const writeBatchSize = new Histogram({
    name: "printernizer_write_batch_size",
    help: "Rows (ops + statuses) per database write batch",
    buckets: [1, 5, 20, 50, 100, 250, 500, 1000, 2500],
    registers: [registry],
  });
  const writeBatchSeconds = new Histogram({
    name: "printernizer_write_batch_seconds",
    help: "Latency of a database write batch",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const commandSeconds = new Histogram({
    name: "printernizer_command_seconds",
    help: "Time from claim to outcome of printer commands",
    labelNames: ["kind", "outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return { registry, reportsTotal, writeBatchSize, writeBatchSeconds, commandSeconds, writesRejected };
}
