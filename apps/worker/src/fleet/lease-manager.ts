// Printer ownership across workers, in Postgres. Each printer has at most one lease row
// (owner, expiry). An owner renews its leases every tick; a lease that is not renewed
// expires and any live worker may claim it. Each worker aims at a fair share:
// ceil(enabled printers / live workers). After losing its database connection, a worker
// claims again only once the connection has been healthy for a whole lease period, so after
// an outage the previous owners renew first, and no printer is connected by two workers at
// once. A freshly started worker claims at once.
import type { Db } from "@printernizer/db";
import type { Logger } from "@printernizer/logger";

export interface LeaseOptions {
  leaseMs: number;
  /** A worker whose heartbeat is older than this is not counted as live for fair shares. */
  workerAliveMs: number;
}

export const defaultLeaseOptions: LeaseOptions = { leaseMs: 8_000, workerAliveMs: 10_000 };

export class LeaseManager {
  private readonly options: LeaseOptions;
  /** Since when renewals succeed; a fresh worker counts as healthy from the start. */
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

  /** Renews what we own; returns the printer ids we still own. Throws when the database is away. */
  async renew(): Promise<Set<string>> {
    try {
      const rows = await this.db.$queryRaw<{ printerId: string }[]>`
        UPDATE "PrinterLease" SET "expiresAt" = now() + make_interval(secs => ${this.options.leaseMs / 1000})
        WHERE "ownerId" = ${this.workerId} RETURNING "printerId"`;
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

  /** Claims up to `count` enabled printers whose lease is free or expired. Returns the ids claimed. */
  async claim(count: number): Promise<string[]> {
    if (count <= 0) return [];
    if (this.healthySince === undefined || Date.now() - this.healthySince < this.options.leaseMs) return [];
    const rows = await this.db.$queryRaw<{ printerId: string }[]>`
      WITH candidates AS (
        SELECT p."id" FROM "Printer" p LEFT JOIN "PrinterLease" l ON l."printerId" = p."id"
        WHERE p."enabled" AND (l."printerId" IS NULL OR l."expiresAt" < now())
        ORDER BY p."createdAt", p."id"
        LIMIT ${count}
      )
      INSERT INTO "PrinterLease" ("printerId", "ownerId", "acquiredAt", "expiresAt")
      SELECT "id", ${this.workerId}, now(), now() + make_interval(secs => ${this.options.leaseMs / 1000}) FROM candidates
      ON CONFLICT ("printerId") DO UPDATE SET "ownerId" = EXCLUDED."ownerId", "acquiredAt" = EXCLUDED."acquiredAt", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "PrinterLease"."expiresAt" < now()
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
