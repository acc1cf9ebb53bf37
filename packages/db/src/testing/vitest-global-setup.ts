// Vitest global setup for integration tests that need Postgres: one server per test
// run and one migrated template database; each test file clones the template
// (CREATE DATABASE ... TEMPLATE is fast) through `createTestDatabase()`.
import type { TestProject } from "vitest/node";
import { adminQuery, createMigratedDatabase, startTestPostgres } from "./test-postgres";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  const template = `printernizer_template_${process.pid}`;
  await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${template}"`);
  await createMigratedDatabase(server.adminUrl, template);
  project.provide("printernizerPg", { adminUrl: server.adminUrl, template });
  return async () => {
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => {});
    await server.stop();
  };
}
