import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { adminQuery, databaseUrl } from "../testing/test-postgres";
import { applyMigrations, MigrationError } from "./apply-migrations";
import { defaultMigrationsDir, readMigrationFiles } from "./migration-files";

const { adminUrl } = inject("printernizerPg");
const created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `m_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  created.push(name);
  return databaseUrl(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "printernizer-migrations-"));
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  for (const name of created) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("applyMigrations", () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it("applies every migration and records it as Prisma Migrate does", async () => {
    const lines: string[] = [];
    const result = await applyMigrations({ databaseUrl: url, log: (l) => lines.push(l) });
    const files = readMigrationFiles();
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      applied_steps_count: number;
      logs: string | null;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(files[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
    expect(lines.some((l) => l.includes(files[0]!.name))).toBe(true);
  });

  it("applies nothing the second time", async () => {
    const result = await applyMigrations({ databaseUrl: url });
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe(readMigrationFiles().length);
  });

  it("applies a migration added later once and only once", async () => {
    const dir = copyOfMigrations();
    mkdirSync(path.join(dir, "29990101000000_later"));
    writeFileSync(
      path.join(dir, "29990101000000_later", "migration.sql"),
      `CREATE TABLE "Later" ("id" INTEGER NOT NULL);\n`,
    );
    const first = await applyMigrations({ databaseUrl: url, migrationsDir: dir });
    expect(first.applied).toEqual(["29990101000000_later"]);
    const second = await applyMigrations({ databaseUrl: url, migrationsDir: dir });
    expect(second.applied).toEqual([]);
    const rows = await query<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name = '29990101000000_later'`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("refuses to run when an applied migration's checksum changed", async () => {
    const dir = copyOfMigrations();
    const first = readMigrationFiles()[0]!;
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited after the fact\n`);
    await expect(applyMigrations({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      /was modified after it was applied/,
    );
  });

  it("records a failed migration and refuses to continue until it is resolved", async () => {
    const fresh = await emptyDatabase();
    const dir = copyOfMigrations();
    mkdirSync(path.join(dir, "29990101000001_broken"));
    writeFileSync(
      path.join(dir, "29990101000001_broken", "migration.sql"),
      `CREATE TABLE "Half" ("id" INTEGER);\nSELECT no_such_function();\n`,
    );
    await expect(applyMigrations({ databaseUrl: fresh, migrationsDir: dir })).rejects.toBeInstanceOf(
      MigrationError,
    );
    const rows = await query<{ finished_at: Date | null; logs: string | null }>(
      fresh,
      `SELECT * FROM "_prisma_migrations" WHERE migration_name = '29990101000001_broken'`,
    );
    expect(rows[0]!.finished_at).toBeNull();
    expect(rows[0]!.logs).toMatch(/no_such_function/);
    // the failed script ran in one transaction: nothing of it is left behind
    const half = await query<{ n: string }>(
      fresh,
      `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'Half'`,
    );
    expect(Number(half[0]!.n)).toBe(0);
    await expect(applyMigrations({ databaseUrl: fresh, migrationsDir: dir })).rejects.toThrow(
      /failed earlier/,
    );
  });

  it("lets only one of two concurrent runs apply (advisory lock)", async () => {
    const fresh = await emptyDatabase();
    const [a, b] = await Promise.all([
      applyMigrations({ databaseUrl: fresh }),
      applyMigrations({ databaseUrl: fresh }),
    ]);
    const count = readMigrationFiles().length;
    expect(a.applied.length + b.applied.length).toBe(count);
    const rows = await query<{ n: string }>(fresh, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(Number(rows[0]!.n)).toBe(count);
  });
});
