// The benchmark's database: a fresh embedded PostgreSQL (or the given DATABASE_URL), migrated,
// with a benchmark admin and the simulated fleet registered with sealed credentials, exactly
// as an admin adding printers would leave them.
import { randomBytes } from "node:crypto";
import { createOrResetAdmin } from "@printernizer/auth/users";
import { createDb, type Db } from "@printernizer/db";
import { startEmbeddedPostgres } from "@printernizer/db/embedded";
import { applyMigrations } from "@printernizer/db/migrate";
import type { CredentialCipher } from "@printernizer/db/secrets";
import { createPgStatStatements, pgStatStatementsShipped, preloadPgStatStatements } from "./pg-stats";
import type { SimFleet } from "./sim-fleet";
import { prusaPollIntervalMs } from "./targets";

export interface BenchDatabase {
  url: string;
  db: Db;
  stop(): Promise<void>;
  /** `--pg-stats`: whether pg_stat_statements records (it is not shipped by every build). */
  pgStats?: { enabled: boolean; note?: string };
}

export async function startBenchDatabase(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
  pgStats?: boolean;
}): Promise<BenchDatabase> {
  const start = () =>
    startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, database: "printernizer_bench" });
  let server = await start();
  try {
    await applyMigrations({ databaseUrl: server.databaseUrl, log: () => {} });
    let db = createDb({ databaseUrl: server.databaseUrl, max: 4 });
    let pgStats: BenchDatabase["pgStats"];
    if (options.pgStats) {
      // The module must be loaded at server start: configure it, then restart once.
      if (await pgStatStatementsShipped(db)) {
        await preloadPgStatStatements(db);
        await db.$disconnect();
        await server.stop();
        server = await start();
        db = createDb({ databaseUrl: server.databaseUrl, max: 4 });
        await createPgStatStatements(db);
        pgStats = { enabled: true };
      } else {
        const note = "this PostgreSQL build does not ship pg_stat_statements";
        options.log(`--pg-stats: ${note}`);
        pgStats = { enabled: false, note };
      }
    }
    const stopServer = server;
    return {
      url: server.databaseUrl,
      ...(pgStats ? { pgStats } : {}),
      db,
      stop: async () => {
        await db.$disconnect();
        await stopServer.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function createBenchAdmin(db: Db): Promise<{ email: string; password: string }> {
  const account = { email: "bench@printernizer.invalid", password: randomBytes(18).toString("base64url") };
  await createOrResetAdmin(db, { ...account, name: "Benchmark" });
  return account;
}

/** Registers every simulated printer; returns their ids in fleet order. */
export async function registerFleet(db: Db, cipher: CredentialCipher, fleet: SimFleet): Promise<string[]> {
  const rows = fleet.printers.map((p) =>
    p.kind === "bambu"
      ? {
          kind: "bambu" as const,
          name: p.name,
          host: p.host,
          port: null,
          serial: p.serial,
          model: p.model,
          credentials: cipher.encryptJson({ accessCode: p.secret }),
          settings: {
            mqttPort: p.port,
            ftpPort: p.ftpPort,
            certificateFingerprint: p.certificateFingerprint,
          },
        }
      : {
          kind: "prusalink" as const,
          name: p.name,
          host: p.host,
          port: p.port,
          serial: p.serial,
          model: p.model,
          credentials: cipher.encryptJson({ username: "maker", password: p.secret }),
          settings: { pollIntervalMs: prusaPollIntervalMs },
        },
  );
  const created = await db.printer.createManyAndReturn({ data: rows, select: { id: true, name: true } });
  const idByName = new Map(created.map((r) => [r.name, r.id]));
  return fleet.printers.map((p) => idByName.get(p.name)!);
}

export async function connectedCount(db: Db, workerId?: string): Promise<number> {
  return db.liveStatus.count({ where: { connected: true, ...(workerId ? { workerId } : {}) } });
}

/** Rows inserted/updated/deleted in our tables (in total and by table), and committed transactions, so far. */
export async function writeCounters(
  db: Db,
): Promise<{ rows: number; commits: number; byTable: Record<string, number> }> {
  const tables = await db.$queryRaw<
    Array<{ name: string; rows: bigint }>
  >`SELECT relname AS name, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS rows FROM pg_stat_user_tables`;
  const [database] = await db.$queryRaw<
    Array<{ commits: bigint }>
  >`SELECT xact_commit::bigint AS commits FROM pg_stat_database WHERE datname = current_database()`;
  const byTable = Object.fromEntries(tables.map((t) => [t.name, Number(t.rows)]));
  return {
    rows: Object.values(byTable).reduce((a, b) => a + b, 0),
    commits: Number(database?.commits ?? 0),
    byTable,
  };
}
