// Migration 20261203100000 keeps existing webhooks working: each one's event list becomes a rule
// for all printers that sends to it, and a webhook that listened to nothing gets no rule.
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { adminQuery, databaseUrl } from "../testing/test-postgres";
import { applyMigrations } from "./apply-migrations";
import { defaultMigrationsDir } from "./migration-files";

const { adminUrl } = inject("printernizerPg");
const name = `m_rules_${Math.random().toString(36).slice(2, 10)}`;
const rulesMigration = "20261203100000_notification_rules";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("the notification rules migration", () => {
  it("turns each webhook's events into a rule for all printers linked to it", async () => {
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    const url = databaseUrl(adminUrl, name);
    const before = mkdtempSync(path.join(tmpdir(), "printernizer-before-rules-"));
    for (const entry of readdirSync(defaultMigrationsDir))
      if (entry < rulesMigration)
        cpSync(path.join(defaultMigrationsDir, entry), path.join(before, entry), { recursive: true });
    await applyMigrations({ databaseUrl: url, migrationsDir: before });
    await query(
      url,
      `INSERT INTO "Webhook" ("id", "name", "url", "urlHint", "format", "events", "enabled", "updatedAt") VALUES
        ('w1', 'Ops', 'sealed', 'https://…', 'discord', ARRAY['job_failed','printer_offline'], false, now()),
        ('w2', 'Silent', 'sealed', 'https://…', 'generic', ARRAY[]::text[], true, now())`,
    );
    const { applied } = await applyMigrations({ databaseUrl: url });
    expect(applied).toContain(rulesMigration);
    expect(
      await query(
        url,
        `SELECT "id", "name", "events", "scope"::text AS "scope", "enabled" FROM "NotificationRule"`,
      ),
    ).toEqual([
      { id: "nr_w1", name: "Ops", events: ["job_failed", "printer_offline"], scope: "all", enabled: true },
    ]);
    expect(await query(url, `SELECT "ruleId", "webhookId" FROM "NotificationRuleChannel"`)).toEqual([
      { ruleId: "nr_w1", webhookId: "w1" },
    ]);
    // the channel keeps its own switch (off here)
    expect(await query(url, `SELECT "enabled" FROM "Webhook" WHERE "id" = 'w1'`)).toEqual([
      { enabled: false },
    ]);
    expect(
      await query(
        url,
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'Webhook' AND column_name = 'events'`,
      ),
    ).toEqual([]);
  });
});
