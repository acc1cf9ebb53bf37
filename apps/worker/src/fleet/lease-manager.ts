// Printer ownership across workers, in Postgres. Each printer has at most one lease row (its
// owner). Liveness is the worker's, not the lease's: a tick writes one heartbeat row
// (`WorkerNode.lastHeartbeat`, the database's clock), whatever the number of printers, and a lease
// stays its owner's while that heartbeat is younger than the lease period. A lease is free to
// claim when it has no row, or its owner stopped, vanished, or has not beaten for a whole lease
// period. A claim locks those dead owners' rows, so an owner whose heartbeat lands at the same
// moment either keeps its printers or sees them gone at its next tick (it reads its leases after
// its heartbeat). Each worker aims at a fair share: ceil(enabled printers / live workers), live =
// heartbeat within `workerAliveMs` (10 s). After losing its database connection, a worker claims again
// only once the connection has been healthy for a whole lease period, so after an outage the
// previous owners beat first, and no printer is connected by two workers at once. A freshly
// started worker claims at once. (`PrinterLease.expiresAt` is written at a claim, acquired + one
// period, and no longer decides anything.)
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";

export interface LeaseOptions {
  /** A lease is its owner's while the owner's heartbeat is younger than this. */
  leaseMs: number;
  /**
   * A worker whose heartbeat is older than this is not counted as live for fair shares. Longer
   * than the lease period on purpose: a heartbeat late by a moment (a loaded machine) must not make
   * the others raise their share and take printers from a worker that is still there.
   */
  workerAliveMs: number;
}

export const defaultLeaseOptions: LeaseOptions = { leaseMs: 8_000, workerAliveMs: 10_000 };

export class LeaseManager {
  private readonly options: LeaseOptions;
  /** Since when heartbeats succeed; a fresh worker counts as healthy from the start. */
  private healthySince?: number = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    private readonly logger: Logger,
    options: Partial<LeaseOptions> = {},
  ) {
    this.options = { ...defaultLeaseOptions, ...options };
  }

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  private get leaseSeconds(): number {
    return this.options.leaseMs / 1000;
  }

  /**
   * Beats (one row), then reads what we own; returns those printer ids. Throws when the database
   * is away. Two statements on purpose: the read comes after the heartbeat waited for any claim
   * holding our row, so a printer taken while our heartbeat was stale is not reported as ours.
   */
  async renew(): Promise<Set<string>> {
    try {
      const beat = await this.db.$executeRaw`
        UPDATE "WorkerNode" SET "lastHeartbeat" = now() WHERE "id" = ${this.workerId}`;
      if (beat === 0) {
        // Our row is gone (deleted by hand): our leases are anyone's; own nothing until it is back.
        // No claims either: others would take them at once (their owner is missing), and back.
        this.logger.warn({ workerId: this.workerId }, "this worker's row is missing; owning no printers");
        this.healthySince = undefined;
        return new Set();
      }
      const rows = await this.db.$queryRaw<{ printerId: string }[]>`
        SELECT "printerId" FROM "PrinterLease" WHERE "ownerId" = ${this.workerId}`;
      this.healthySince ??= Date.now();
      return new Set(rows.map((r) => r.printerId));
    } catch (error) {
      this.healthySince = undefined;
      throw error;
    }
  }

  /** How many printers this worker should own now. */
  async fairShare(): Promise<{ target: number; enabled: number; liveWorkers: number }> {
    const [counts] = await this.db.$queryRaw<{ enabled: bigint; workers: bigint }[]>`
      SELECT (SELECT count(*) FROM "Printer" WHERE "enabled") AS enabled,
             (SELECT count(*) FROM "WorkerNode" WHERE "stoppedAt" IS NULL
                AND ("lastHeartbeat" > now() - make_interval(secs => ${this.options.workerAliveMs / 1000}) OR "id" = ${this.workerId})) AS workers`;
    const enabled = Number(counts?.enabled ?? 0);
    const liveWorkers = Math.max(1, Number(counts?.workers ?? 1));
    return { target: Math.ceil(enabled / liveWorkers), enabled, liveWorkers };
  }

  /**
   * Claims up to `count` enabled printers that are free: no lease, or a lease whose owner stopped,
   * is gone, or has not beaten for a lease period. Returns the ids claimed.
   */
  async claim(count: number): Promise<string[]> {
    if (count <= 0) return [];
    if (this.healthySince === undefined || Date.now() - this.healthySince < this.options.leaseMs) return [];
    // `dead` locks the owners it finds (FOR UPDATE re-checks a heartbeat that lands meanwhile);
    // the ON CONFLICT condition re-checks each lease's current owner, so two claimers never both win.
    const rows = await this.db.$queryRaw<{ printerId: string }[]>`
      WITH dead AS (
        SELECT w."id" FROM "WorkerNode" w
        WHERE w."id" <> ${this.workerId}
          AND w."id" IN (SELECT DISTINCT "ownerId" FROM "PrinterLease")
          AND (w."stoppedAt" IS NOT NULL OR w."lastHeartbeat" <= now() - make_interval(secs => ${this.leaseSeconds}))
        ORDER BY w."id"
        FOR UPDATE
      ), candidates AS (
        SELECT p."id" FROM "Printer" p LEFT JOIN "PrinterLease" l ON l."printerId" = p."id"
        WHERE p."enabled" AND (
          l."printerId" IS NULL
          OR l."ownerId" IN (SELECT "id" FROM dead)
          OR (l."ownerId" <> ${this.workerId} AND NOT EXISTS (SELECT 1 FROM "WorkerNode" o WHERE o."id" = l."ownerId"))
        )
        ORDER BY p."createdAt", p."id"
        LIMIT ${count}
      )
      INSERT INTO "PrinterLease" ("printerId", "ownerId", "acquiredAt", "expiresAt")
      SELECT "id", ${this.workerId}, now(), now() + make_interval(secs => ${this.leaseSeconds}) FROM candidates
      ON CONFLICT ("printerId") DO UPDATE SET "ownerId" = EXCLUDED."ownerId", "acquiredAt" = EXCLUDED."acquiredAt", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "PrinterLease"."ownerId" IN (SELECT "id" FROM dead)
        OR ("PrinterLease"."ownerId" <> ${this.workerId} AND NOT EXISTS (SELECT 1 FROM "WorkerNode" o WHERE o."id" = "PrinterLease"."ownerId"))
      RETURNING "printerId"`;
    if (rows.length) this.logger.info({ printers: rows.length }, "claimed printer leases");
    return rows.map((r) => r.printerId);
  }

  /** Gives printers back (after their adapters are disconnected). */
  async release(printerIds: string[]): Promise<void> {
    if (!printerIds.length) return;
    await this.db.printerLease.deleteMany({
      where: { ownerId: this.workerId, printerId: { in: printerIds } },
    });
  }

  async releaseAll(): Promise<void> {
    await this.db.printerLease.deleteMany({ where: { ownerId: this.workerId } });
  }
}
