// `bench --pg-stats`: what PostgreSQL spent its time on during the measured window, from
// pg_stat_statements (shipped with the embedded PostgreSQL: lib/postgresql/pg_stat_statements.so).
// The module must be preloaded, so the bench database is restarted once with it configured.
import type { Db } from "@printernizer/db";

export interface PgStatement {
  /** Normalized text ($1, $2 for constants), shortened to 600 characters. */
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  /** Shared buffers hit and read (from cache / from disk or the OS). */
  sharedHit: number;
  sharedRead: number;
}

export interface PgStats {
  /** Top statements of the window by total execution time (worker, web and bench together). */
  statements: PgStatement[];
  /** Every statement's execution time in the window, and how many calls. */
  totalMs: number;
  calls: number;
  note?: string;
}

/** Whether this PostgreSQL ships the extension (its control file is installed). */
export async function pgStatStatementsShipped(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<
    Array<{ name: string }>
  >`SELECT name FROM pg_available_extensions WHERE name = 'pg_stat_statements'`;
  return rows.length > 0;
}

/** Sets the preload (takes effect at the next start); the caller restarts the server. */
export async function preloadPgStatStatements(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  await db.$executeRawUnsafe(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
}

/** After the restart: creates the extension in the bench database (idempotent). */
export async function createPgStatStatements(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
}

/** Forgets everything so far (setup, registration, connect): the report covers the window only. */
export async function resetPgStats(db: Db): Promise<void> {
  await db.$queryRawUnsafe(`SELECT pg_stat_statements_reset()::text`);
}

export async function readPgStats(db: Db, top = 15): Promise<PgStats> {
  const rows = await db.$queryRawUnsafe<
    Array<{
      query: string;
      calls: bigint;
      total: number;
      mean: number;
      rows: bigint;
      hit: bigint;
      read: bigint;
    }>
  >(
    `SELECT query, calls, total_exec_time AS total, mean_exec_time AS mean, rows,
            shared_blks_hit AS hit, shared_blks_read AS read
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC`,
  );
  const r1 = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    statements: rows.slice(0, top).map((row) => ({
      query: row.query.replace(/\s+/g, " ").slice(0, 600),
      calls: Number(row.calls),
      totalMs: r1(row.total),
      meanMs: r1(row.mean, 3),
      rows: Number(row.rows),
      sharedHit: Number(row.hit),
      sharedRead: Number(row.read),
    })),
    totalMs: r1(rows.reduce((a, row) => a + row.total, 0)),
    calls: rows.reduce((a, row) => a + Number(row.calls), 0),
  };
}

/** The printed form: one line a statement, then its text. */
export function formatPgStats(stats: PgStats): string {
  if (!stats.statements.length) return `PostgreSQL statements: ${stats.note ?? "none recorded"}`;
  const lines = [
    `PostgreSQL, top ${stats.statements.length} statements of the window by total time (all: ${stats.calls} calls, ${stats.totalMs} ms)`,
    "   total ms    calls    mean ms       rows  share  statement",
  ];
  for (const s of stats.statements) {
    const share = stats.totalMs ? `${((s.totalMs / stats.totalMs) * 100).toFixed(1)}%` : "-";
    lines.push(
      `${String(s.totalMs).padStart(11)} ${String(s.calls).padStart(8)} ${String(s.meanMs).padStart(10)} ${String(s.rows).padStart(10)} ${share.padStart(6)}  ${s.query.slice(0, 160)}`,
    );
  }
  return lines.join("\n");
}
