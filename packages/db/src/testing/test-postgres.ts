// A PostgreSQL server for tests: the one named by PRINTERNIZER_TEST_DATABASE_URL or
// DATABASE_URL when set, otherwise a throw-away embedded cluster on a free port.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../embedded-postgres";
import { applyMigrations } from "../migrate/apply-migrations";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by vitest-global-setup.ts: the test server and the migrated template database. */
    printernizerPg: { adminUrl: string; template: string };
  }
}

export interface TestPostgres {
  /** Connection URL of the maintenance database, for CREATE/DROP DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.PRINTERNIZER_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    url.pathname = "/postgres";
    return { adminUrl: url.toString(), stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "printernizer-test-pg-"));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a database and applies every migration to it. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  const url = databaseUrl(adminUrl, name);
  await applyMigrations({ databaseUrl: url });
  return url;
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
