import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database";
import {
  defaultSchemaPath,
  describeDatabase,
  describePrismaSchema,
  diffSchemas,
  findSchemaDrift,
} from "./schema-drift";

describe("schema drift: schema.prisma vs the migrated database", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("finds no difference between schema.prisma and the migrations", async () => {
    // If this fails: you changed schema.prisma without adding a migration (or the reverse).
    // Write the SQL under prisma/migrations/<timestamp>_<name>/migration.sql.
    expect(await findSchemaDrift(database.url)).toEqual([]);
  });

  describe("notices each kind of difference", () => {
    const schema = readFileSync(defaultSchemaPath, "utf8");
    const drift = async (edited: string) =>
      diffSchemas(describePrismaSchema(edited), await describeDatabase(database.url));

    it("an added column", async () => {
      const edited = schema.replace("model WorkerNode {", "model WorkerNode {\n  extra String?");
      expect(await drift(edited)).toContain(
        "column WorkerNode.extra is in schema.prisma but not in the database",
      );
    });
    it("a changed type", async () => {
      expect(await drift(schema.replace(/pid(\s+)Int/, "pid$1BigInt"))).toEqual([
        "column WorkerNode.pid: schema says bigint NOT NULL, database has integer NOT NULL",
      ]);
    });
    it("changed nullability", async () => {
      expect(await drift(schema.replace(/hostname(\s+)String/, "hostname$1String?"))).toEqual([
        "column WorkerNode.hostname: schema says text NULL, database has text NOT NULL",
      ]);
    });
    it("a missing index", async () => {
      expect(await drift(schema.replace("@@index([lastHeartbeat])", ""))).toEqual([
        "index WorkerNode: index(lastHeartbeat) is in the database but not in schema.prisma",
      ]);
    });
    it("an enum value", async () => {
      expect(await drift(schema.replace("prusalink\n", "prusalink\n  octoprint\n"))).toEqual([
        "enum PrinterKind: schema has [bambu, prusalink, octoprint], database has [bambu, prusalink]",
      ]);
    });
    it("a new model", async () => {
      const edited = `${schema}\nmodel Extra {\n  id Int @id\n}\n`;
      expect(await drift(edited)).toContain("table Extra is in schema.prisma but not in the database");
    });
  });
});
