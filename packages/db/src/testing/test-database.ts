// Test helper: a fresh, migrated database per test file, on the server started by
// `vitest-global-setup.ts` (embedded by default, DATABASE_URL when set).
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../client";
import { adminQuery, databaseUrl } from "./test-postgres";

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject("printernizerPg");
  const name = `t_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = databaseUrl(adminUrl, name);
  const db = createDb({ databaseUrl: url, max: 5 });
  return {
    url,
    name,
    db,
    drop: async () => {
      await db.$disconnect();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export {
  adminQuery,
  databaseUrl,
  createMigratedDatabase,
  freePort,
  startTestPostgres,
} from "./test-postgres";
export { findSchemaDrift, describeDatabase, describePrismaSchema, diffSchemas } from "./schema-drift";
