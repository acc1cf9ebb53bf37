// Direct access to the e2e run's embedded database (started by the launcher), for tests
// that arrange rows the way the worker would write them.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { e2eDataDir, e2ePgPort } from "../../playwright.config";

export async function withE2eDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { user, password } = JSON.parse(readFileSync(path.join(e2eDataDir, "postgres.json"), "utf8")) as { user: string; password: string };
  const client = new pg.Client({ host: "127.0.0.1", port: e2ePgPort, user, password, database: "printernizer" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
