// Applies committed SQL migrations and records them in `_prisma_migrations` exactly as
// Prisma Migrate does, so `prisma migrate deploy` agrees wherever the native engine exists.
// The native schema engine cannot be installed on every machine we run on; this can.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { readMigrationFiles, type MigrationFile } from "./migration-files";

/** The advisory lock key Prisma Migrate itself takes, so we also exclude a concurrent `prisma migrate`. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  migrationsDir?: string;
  /** Receives one line per applied migration (and the summary). */
  log?: (line: string) => void;
}

export interface ApplyMigrationsResult {
  applied: string[];
  alreadyApplied: number;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const log = options.log ?? (() => {});
  const files = readMigrationFiles(options.migrationsDir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      assertHistoryConsistent(files, rows);
      const done = new Set(
        rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name),
      );
      const pending = files.filter((file) => !done.has(file.name));
      for (const file of pending) {
        await applyOne(client, file);
        log(`applied migration ${file.name}`);
      }
      log(
        pending.length === 0
          ? `database is up to date (${files.length} migrations)`
          : `applied ${pending.length} migration(s); ${done.size} were already applied`,
      );
      return { applied: pending.map((f) => f.name), alreadyApplied: done.size };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

function assertHistoryConsistent(files: MigrationFile[], rows: AppliedRow[]): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} failed earlier and was not resolved. ` +
          `Fix the database by hand, then delete its row from "_prisma_migrations" (or run \`prisma migrate resolve\`).`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      throw new MigrationError(
        `migration ${row.migration_name} is applied to the database but missing from prisma/migrations. ` +
          `Are you running an older version of Printernizer against a newer database?`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was modified after it was applied (checksum differs). ` +
          `Never edit an applied migration: restore it and add a new migration instead.`,
      );
    }
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
    [id, file.checksum, file.name],
  );
  try {
    // A simple-protocol multi-statement query runs in one implicit transaction, as Prisma runs a script.
    await client.query(file.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
    throw new MigrationError(`migration ${file.name} failed: ${message}`, { cause: error });
  }
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
    [id],
  );
}
