// Secrets are write-only: after an admin stores printer credentials (and webhook URLs where
// the router has them), no procedure returns them to anyone, and no database column holds
// them in clear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { callerFor, procedureAt, routerProcedures, testCipher } from "./testing/callers";

const canary = "CANARY7f3a";
const secrets = {
  bambu: `${canary}-bambu-code`,
  prusa: `${canary}-prusa-password`,
  apiKey: `${canary}-api-key`,
  webhook: `https://hooks.example.org/${canary}-token`,
  smtp: `${canary}-smtp-password`,
};

function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
}

describe("secrets never leave the server", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    database = await createTestDatabase();
    const admin = callerFor(database.db, "admin", cipher);
    ids.bambu = (
      await admin.admin.printers.create({
        kind: "bambu",
        name: "Leak X1C",
        host: "10.1.0.1",
        values: { serial: "00M0LEAK", accessCode: secrets.bambu },
      })
    ).id;
    ids.prusa = (
      await admin.admin.printers.create({
        kind: "prusalink",
        name: "Leak MK4",
        host: "10.1.0.2",
        port: 80,
        values: { username: "maker", password: secrets.prusa, apiKey: secrets.apiKey },
      })
    ).id;
    await admin.admin.printers
      .testConnection({
        kind: "bambu",
        name: "Leak test",
        host: "10.1.0.3",
        values: { serial: "00M0LEAK2", accessCode: secrets.bambu },
      })
      .catch(() => undefined);
    if (routerProcedures().some((p) => p.path === "webhook.create")) {
      await procedureAt(
        admin,
        "webhook.create",
      )({
        name: "Leak hook",
        url: secrets.webhook,
        format: "generic",
        enabled: true,
      });
      await procedureAt(
        admin,
        "webhook.create",
      )({
        name: "Leak mail",
        format: "email",
        enabled: true,
        smtp: {
          host: "smtp.example.org",
          port: 587,
          tls: "starttls",
          user: "farm",
          password: secrets.smtp,
          from: "farm@example.org",
          to: ["ops@example.org"],
        },
      });
    }
  }, 60_000);
  afterAll(async () => database.drop());

  it("no procedure returns a stored secret to any role", async () => {
    const candidateInputs = (id: string) => [
      undefined,
      {},
      { id },
      { printerId: id },
      { printerId: id, hours: 24 },
      { limit: 200 },
    ];
    let answered = 0;
    for (const who of ["viewer", "operator", "admin"] as const) {
      const caller = callerFor(database.db, who, cipher);
      for (const procedure of routerProcedures()) {
        if (procedure.type !== "query") continue;
        for (const id of [ids.bambu!, ids.prusa!]) {
          for (const input of candidateInputs(id)) {
            try {
              const result = await procedureAt(caller, procedure.path)(input);
              answered++;
              expect(stringify(result), `${procedure.path} as ${who}`).not.toContain(canary);
            } catch (error) {
              expect(
                stringify({ message: (error as Error).message }),
                `${procedure.path} error as ${who}`,
              ).not.toContain(canary);
            }
          }
        }
      }
    }
    // The sweep really read things (the printers list, the admin list, ...).
    expect(answered).toBeGreaterThan(20);
  }, 120_000);

  it("no table holds a secret in clear", async () => {
    const tables = await database.db.$queryRaw<
      { table_name: string }[]
    >`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    expect(tables.length).toBeGreaterThan(10);
    for (const { table_name } of tables) {
      const rows = await database.db.$queryRawUnsafe<{ row: string }[]>(
        `SELECT t::text AS row FROM "${table_name}" t`,
      );
      for (const { row } of rows) expect(row, `a row of ${table_name}`).not.toContain(canary);
    }
    // ...while the sealed values still open to the right secrets.
    const bambu = await database.db.printer.findUniqueOrThrow({ where: { id: ids.bambu } });
    expect(cipher.decryptJson(bambu.credentials)).toEqual({ accessCode: secrets.bambu });
  });
});
