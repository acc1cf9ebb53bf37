// The one AuditLog writer against a real PostgreSQL: text PostgreSQL would refuse (NUL in a
// column or in jsonb) is stored cleaned instead of failing the audited action.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { writeAuditLog, writeAuthAudit } from "./audit-writer";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

describe("writeAuditLog", () => {
  it("stores a row whose text carries NUL and an oversized user agent, cleaned and bounded", async () => {
    await writeAuditLog(database.db, {
      action: "printer.update",
      targetLabel: "Printer\u0000 one",
      userAgent: `agent\u0000${"x".repeat(1_000)}`,
      details: { fields: ["name\u0000"] },
    });
    const row = await database.db.auditLog.findFirstOrThrow({ where: { action: "printer.update" } });
    expect(row.targetLabel).toBe("Printer one");
    expect(row.userAgent).toHaveLength(300);
    expect(row.userAgent!.startsWith("agentx")).toBe(true);
    expect(row.details).toEqual({ fields: ["name"] });
  });

  it("writes sign-in events with the person as actor and target", async () => {
    await writeAuthAudit(database.db, {
      action: "auth.setup",
      outcome: "success",
      actorId: "u1",
      email: "owner@example.com",
      ip: "192.0.2.1",
      userAgent: "vitest",
    });
    const row = await database.db.auditLog.findFirstOrThrow({ where: { action: "auth.setup" } });
    expect(row).toMatchObject({
      actorId: "u1",
      actorEmail: "owner@example.com",
      targetType: "user",
      targetId: "u1",
      targetLabel: "owner@example.com",
      ip: "192.0.2.1",
      userAgent: "vitest",
      details: {},
    });
  });
});
