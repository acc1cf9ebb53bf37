// Shared pieces of the worker's integration tests.
import { createLogger } from "@printernizer/logger";
import type { Db, PrinterKind } from "@printernizer/db";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import type { PrinterAdapter, PrinterKindDefinition } from "@printernizer/printers";
import { printerKinds } from "@printernizer/printers/registry";
import { FleetSupervisor, type FleetSupervisorOptions } from "../src/fleet/fleet-supervisor";
import { LeaseManager } from "../src/fleet/lease-manager";
import { PersistencePipeline } from "../src/persistence/persistence-pipeline";

export const testSecret = generateSecretKey();
export const testCipher = createCredentialCipher(testSecret);
export const quietLogger = createLogger({ name: "worker-test", level: "silent" });

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function insertPrinter(
  db: Db,
  data: {
    id?: string;
    kind: PrinterKind;
    name: string;
    host: string;
    port?: number;
    serial?: string;
    credentials: Record<string, unknown>;
    settings?: Record<string, unknown>;
    enabled?: boolean;
  },
) {
  return db.printer.create({
    data: {
      id: data.id,
      kind: data.kind,
      name: data.name,
      host: data.host,
      port: data.port ?? null,
      serial: data.serial ?? null,
      credentials: testCipher.encryptJson(data.credentials),
      settings: (data.settings ?? {}) as object,
      enabled: data.enabled ?? true,
    },
  });
}

/** Worker settings for fleet tests: quick ticks, leases and status writes, on a free health port. */
export function fastFleetEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PRINTERNIZER_SECRET: testSecret,
    PRINTERNIZER_WORKER_PORT: "0",
    PRINTERNIZER_FLEET_TICK_MS: "500",
    PRINTERNIZER_STATUS_COALESCE_MS: "200",
    PRINTERNIZER_LEASE_MS: "2000",
    PRINTERNIZER_HEARTBEAT_MS: "1000",
    PRINTERNIZER_DATA_DIR: dataDir,
  };
}

/** Registers a running Bambu simulator as a printer, its certificate already trusted. */
export async function insertBambuSimulator(
  db: Db,
  name: string,
  sim: {
    host: string;
    serial: string;
    accessCode: string;
    mqttPort: number;
    ftpPort: number;
    certificateFingerprint: string;
  },
) {
  return insertPrinter(db, {
    kind: "bambu",
    name,
    host: sim.host,
    serial: sim.serial,
    credentials: { accessCode: sim.accessCode },
    settings: {
      mqttPort: sim.mqttPort,
      ftpPort: sim.ftpPort,
      certificateFingerprint: sim.certificateFingerprint,
    },
  });
}

/** Starts a PrusaLink simulator on `host` and registers it as a printer polled every 500 ms. */
export async function insertPrusaSimulator(db: Db, name: string, host: string, password = "pw") {
  const sim = await new PrusaLinkSimulator({ host, port: 0, name, password }).start();
  const row = await insertPrinter(db, {
    kind: "prusalink",
    name,
    host: sim.host,
    port: sim.port,
    credentials: { password },
    settings: { pollIntervalMs: 500 },
  });
  return { sim, row };
}

/** The real PrusaLink kind, with each adapter it makes handed to `change` first (to count or break calls). */
export function prusalinkKindWith(change: (adapter: PrinterAdapter) => void): PrinterKindDefinition<unknown> {
  const prusalink = printerKinds.prusalink as PrinterKindDefinition<unknown>;
  return {
    metadata: prusalink.metadata,
    create(context) {
      const adapter = prusalink.create(context);
      change(adapter);
      return adapter;
    },
  };
}

/**
 * A fleet supervisor in this process (worker `workerId`, registered by the caller) with its own
 * persistence pipeline (quick status writes); `stop()` ends both.
 */
export function inProcessFleet(
  db: Db,
  workerId: string,
  options: Pick<FleetSupervisorOptions, "kinds"> & Partial<FleetSupervisorOptions>,
) {
  const pipeline = new PersistencePipeline(db, workerId, quietLogger, {
    statusCoalesceMs: 200,
    flushIntervalMs: 50,
  });
  pipeline.start();
  const fleet = new FleetSupervisor({
    db,
    leases: new LeaseManager(db, workerId, quietLogger, { leaseMs: 8_000 }),
    pipeline,
    cipher: testCipher,
    logger: quietLogger,
    ...options,
  });
  return {
    fleet,
    stop: async () => {
      await fleet.stop();
      await pipeline.stop();
    },
  };
}

/** A notification channel with one rule sending `events` about every printer to it. */
export async function insertChannel(
  db: Db,
  data: {
    name: string;
    format: "generic" | "discord" | "ntfy" | "slack" | "email";
    url?: string | null;
    urlHint?: string;
    enabled?: boolean;
    signingSecret?: string | null;
    smtp?: string | null;
  },
  events: string[],
) {
  return db.webhook.create({
    data: {
      urlHint: "x",
      ...data,
      rules: { create: [{ rule: { create: { name: `${data.name} rule`, events } } }] },
    },
  });
}
