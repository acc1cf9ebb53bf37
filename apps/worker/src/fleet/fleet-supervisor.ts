// Keeps one adapter running for every printer this worker owns. Ownership comes from the
// lease manager; printer rows come from Postgres. A tick (every couple of seconds, and at
// once when a printer row changes) renews leases, takes or gives back printers to reach a
// fair share, and (re)starts or stops adapters to match. Ticks never overlap. A printer row edited
// in what its adapter is built from (new credentials, address, settings) gets a new adapter, which
// starts with a fresh reconnect pace: that is how a printer that refused its old credentials is
// tried again at once. An edit of anything else (name, location, tags, plate setting) keeps the
// connection, and with it a camera view being watched.
import type { Db, Printer as PrinterRow } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import type {
  ConnectionPolicy,
  PrinterAdapter,
  PrinterEventSink,
  PrinterKindDefinition,
} from "@printernizer/printers";
import type { OfflineNotifier } from "../notifications/offline-notifier";
import type { PersistencePipeline } from "../persistence/persistence-pipeline";
import { ConnectGate } from "./connect-gate";
import { buildAdapterConfig, connectionFingerprint, PrinterConfigError } from "./printer-config";
import type { LeaseManager } from "./lease-manager";

export type KindDefinitions = Readonly<Record<string, PrinterKindDefinition<unknown> | undefined>>;

interface Attached {
  adapter: PrinterAdapter;
  /** The row's updatedAt (ms): an unchanged one needs no look at the row. */
  version: number;
  /** What the adapter was built from (connectionFingerprint): a row edited elsewhere keeps the adapter. */
  fingerprint: string;
}

export interface FleetSupervisorOptions {
  db: Db;
  leases: LeaseManager;
  pipeline: PersistencePipeline;
  cipher: CredentialCipher;
  kinds: KindDefinitions;
  logger: Logger;
  tickMs?: number;
  /** Given to every adapter (e.g. the slow pace after refused credentials). */
  policy?: Partial<ConnectionPolicy>;
  /** Follows every adapter's connection events for the offline / back online notifications. */
  offline?: OfflineNotifier;
  /** At most this many first connection attempts at once (default 100; see connect-gate.ts). */
  parallelConnects?: number;
  /** A first attempt holds its slot at most this long (default 1 s; see connect-gate.ts). */
  connectSlotMs?: number;
  /** How long a detach waits for an adapter to disconnect before going on (default 15 s). */
  disconnectTimeoutMs?: number;
}

export class FleetSupervisor {
  private readonly attached = new Map<string, Attached>();
  /** Printers we own but could not start (bad config): remembered so we do not retry every tick. */
  private readonly broken = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  /** The reconcile waiting for the running one: ticks asked for meanwhile share it. */
  private next?: Promise<void>;
  private stopped = false;
  private readonly connects: ConnectGate;
  /** When leases were last renewed (the database answered). */
  lastRenewedAt?: Date;

  constructor(private readonly options: FleetSupervisorOptions) {
    this.connects = new ConnectGate(options.parallelConnects ?? 100, options.connectSlotMs);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 2_000);
    void this.tick();
  }

  /**
   * Runs a reconcile now (e.g. on a printers-changed notification), or after the one running.
   * At most one waits: with a large fleet a reconcile can outlast the tick interval, and queued
   * ticks would otherwise pile up and then run back to back (renewing every lease each time).
   */
  tick(): Promise<void> {
    this.next ??= this.running
      .then(() => {
        this.next = undefined;
        return this.stopped ? undefined : this.reconcile();
      })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, "fleet reconcile failed");
      });
    this.running = this.next;
    return this.next;
  }

  adapter(printerId: string): PrinterAdapter | undefined {
    return this.attached.get(printerId)?.adapter;
  }

  ownedPrinterIds(): string[] {
    return [...this.attached.keys()];
  }

  adapters(): PrinterAdapter[] {
    return [...this.attached.values()].map((a) => a.adapter);
  }

  /** Disconnects every adapter and hands the printers back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    const ids = [...this.attached.keys()];
    await Promise.all(ids.map((id) => this.detach(id)));
    await this.options.leases.releaseAll().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "could not release leases (they expire by themselves)");
    });
  }

  private async reconcile(): Promise<void> {
    const { db, leases, logger } = this.options;
    let owned: Set<string>;
    try {
      owned = await leases.renew();
      this.lastRenewedAt = new Date();
    } catch (error) {
      // Database away: keep every printer connected; the pipeline buffers what they report.
      logger.debug({ err: error }, "lease renewal failed; keeping current printers");
      return;
    }
    const lost = [...this.attached.keys()].filter((id) => !owned.has(id));
    for (const id of lost) logger.warn({ printerId: id }, "lost the lease of a printer; disconnecting it");
    await Promise.all(lost.map((id) => this.detach(id)));
    // Versions only (a tick reads no credentials); whole rows only for printers to (re)start.
    const versionsOf = (ids: string[]) =>
      db.printer.findMany({
        where: { id: { in: ids } },
        select: { id: true, enabled: true, updatedAt: true },
      });
    const byId = new Map((await versionsOf([...owned])).map((r) => [r.id, r]));
    // The fair share counts enabled printers only, so a printer just disabled (given back below)
    // never pushes an enabled one out.
    const enabledOwned = [...owned].filter((id) => byId.get(id)?.enabled);
    const share = await leases.fairShare();
    if (enabledOwned.length > share.target) {
      const extra = enabledOwned.slice(share.target);
      await Promise.all(extra.map((id) => this.detach(id)));
      await leases.release(extra);
      for (const id of extra) owned.delete(id);
    } else if (enabledOwned.length < share.target) {
      const claimed = await leases.claim(share.target - enabledOwned.length);
      for (const row of await versionsOf(claimed)) byId.set(row.id, row);
      for (const id of claimed) owned.add(id);
    }
    const giveBack: string[] = [];
    const changed = new Map<string, number>();
    for (const id of owned) {
      const row = byId.get(id);
      if (!row || !row.enabled) {
        giveBack.push(id);
        continue;
      }
      const version = row.updatedAt.getTime();
      const current = this.attached.get(id);
      if (current?.version === version || this.broken.get(id) === version) continue;
      changed.set(id, version);
    }
    // Whole rows of the new and edited printers. An edit that left the connection alone keeps its
    // adapter (its newer version remembered).
    const rows: PrinterRow[] = [];
    if (changed.size) {
      for (const row of await db.printer.findMany({
        where: { id: { in: [...changed.keys()] }, enabled: true },
      })) {
        if (this.keepIfSameConnection(row)) changed.delete(row.id);
        else rows.push(row);
      }
    }
    // Printers edited in their connection get a new adapter, and ones disabled meanwhile none:
    // the old ones go first (in parallel).
    const replaced = [...changed.keys()].filter((id) => this.attached.has(id));
    await Promise.all([...giveBack, ...replaced].map((id) => this.detach(id)));
    await leases.release(giveBack);
    if (rows.length) {
      // What every new printer's previous owner left (open job, last state, offline notice sent),
      // in a few queries for all of them; then the adapters start, their first connection attempts
      // bounded by the connect gate.
      const ids = rows.map((row) => row.id);
      await Promise.all([this.options.pipeline.attachMany(ids), this.options.offline?.attachMany(ids)]);
      // A row edited since the versions were read keeps its newer version: the next tick sees it as current.
      for (const row of rows) await this.attach(row, row.updatedAt.getTime());
      if (rows.length > 1) logger.info({ printers: rows.length }, "connecting printers");
    }
    this.recordHealth();
  }

  /** Connection health (circuit state, reconnects) goes into each printer's status row. */
  private recordHealth(): void {
    for (const [printerId, { adapter }] of this.attached) {
      const h = adapter.health();
      this.options.pipeline.setHealth(printerId, {
        circuit: h.circuit,
        reconnects: h.reconnects,
        healthy: h.healthy,
        ...(h.lastError
          ? {
              lastError: {
                kind: h.lastError.kind,
                message: h.lastError.message,
                at: h.lastError.at.toISOString(),
              },
            }
          : {}),
      });
    }
  }

  /**
   * True when an edited row's adapter would be built the same (e.g. only its name, location or tags
   * changed): the running adapter stays, with the row's newer version remembered.
   */
  private keepIfSameConnection(row: PrinterRow): boolean {
    const current = this.attached.get(row.id);
    const definition = this.options.kinds[row.kind];
    if (!current || !definition) return false;
    let fingerprint: string;
    try {
      fingerprint = connectionFingerprint(row.kind, buildAdapterConfig(row, definition, this.options.cipher));
    } catch {
      return false; // the new config is broken: attach says why
    }
    if (fingerprint !== current.fingerprint) return false;
    current.version = row.updatedAt.getTime();
    return true;
  }

  private async attach(
    row: Parameters<typeof buildAdapterConfig>[0] & { name: string },
    version: number,
  ): Promise<void> {
    const { pipeline, logger, kinds, cipher, offline, policy } = this.options;
    const definition = kinds[row.kind];
    try {
      if (!definition)
        throw new PrinterConfigError(
          `printers of kind "${row.kind}" are not supported by this worker version`,
        );
      const config = buildAdapterConfig(row, definition, cipher);
      await this.resealIfRotated(row.id, row.credentials);
      const adapter = definition.create({
        printerId: row.id,
        config,
        events: offline ? observedBy(pipeline, offline) : pipeline,
        logger: logger.child({ printerId: row.id, printer: row.name, kind: row.kind }),
        ...(policy ? { policy } : {}),
      });
      const attached = { adapter, version, fingerprint: connectionFingerprint(row.kind, config) };
      this.attached.set(row.id, attached);
      this.broken.delete(row.id);
      logger.debug({ printerId: row.id, printer: row.name }, "connecting printer");
      this.connects.run(() =>
        // Detached or replaced while waiting for its turn: nothing to connect.
        this.attached.get(row.id) !== attached
          ? undefined
          : adapter
              .connect()
              .catch((error: unknown) =>
                logger.warn(
                  { err: error, printerId: row.id },
                  "printer connect failed; the adapter keeps retrying",
                ),
              ),
      );
    } catch (error) {
      this.broken.set(row.id, version);
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ printerId: row.id, printer: row.name, reason: message }, "cannot start printer");
      pipeline.publish({
        printerId: row.id,
        at: new Date(),
        event: {
          type: "printer_connection_failed",
          error: { kind: "protocol", message },
          attempt: 0,
          retryInMs: 0,
        },
      });
    }
  }

  /**
   * Key rotation: credentials sealed with a previous PRINTERNIZER_SECRET are re-sealed with the
   * current one. `updatedAt` is left alone on purpose, so the printer is not reconnected for it.
   */
  private async resealIfRotated(printerId: string, sealed: string): Promise<void> {
    const { cipher, db, logger } = this.options;
    if (!cipher.needsRotation(sealed)) return;
    const resealed = cipher.encrypt(cipher.decrypt(sealed));
    await db.$executeRaw`UPDATE "Printer" SET "credentials" = ${resealed} WHERE "id" = ${printerId} AND "credentials" = ${sealed}`;
    logger.info({ printerId }, "re-encrypted the printer's credentials with the current key");
  }

  private async detach(printerId: string): Promise<void> {
    const current = this.attached.get(printerId);
    this.attached.delete(printerId);
    this.broken.delete(printerId);
    if (current) {
      // Bounded: one adapter that never finishes disconnecting must not stall every later reconcile.
      const disconnected = current.adapter.disconnect().then(
        () => true,
        (error: unknown) => {
          this.options.logger.warn({ err: error, printerId }, "adapter did not disconnect cleanly");
          return true;
        },
      );
      const limit = this.options.disconnectTimeoutMs ?? 15_000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limit)));
      const done = await Promise.race([disconnected, timedOut]);
      clearTimeout(timer);
      if (!done)
        this.options.logger.error(
          { printerId, waitedMs: limit },
          "adapter did not finish disconnecting; going on without it",
        );
    }
    this.detachMemory(printerId);
  }

  private detachMemory(printerId: string): void {
    this.options.pipeline.detach(printerId);
    this.options.offline?.detach(printerId);
  }
}

/** The pipeline records every event; the offline notifier watches the connection ones. */
function observedBy(pipeline: PersistencePipeline, offline: OfflineNotifier): PrinterEventSink {
  return {
    publish(envelope) {
      pipeline.publish(envelope);
      offline.observe(envelope);
    },
  };
}
