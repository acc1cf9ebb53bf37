#!/usr/bin/env node
// printernizer-admin: for an owner locked out of their own farm.
//   npm run admin -- create-admin --email you@example.com [--name "You"] [--password ...]
// Creates the admin, or makes the existing user with that email an enabled admin with a new
// password. Without --password it asks (or reads PRINTERNIZER_ADMIN_PASSWORD).
// Uses DATABASE_URL when set; otherwise the embedded database in the data directory
// (the running one, or starts it for the moment).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDb } from "@printernizer/db";
import { startEmbeddedPostgres } from "@printernizer/db/embedded";
import { applyMigrations } from "@printernizer/db/migrate";
import { writeAuditLog } from "./audit-writer";
import { ZEmailSchema, ZNameSchema, ZPasswordSchema } from "./password-rules";
import { createOrResetAdmin } from "./users";

const usage = `Usage: npm run admin -- create-admin --email <email> [--name <name>] [--password <password>]`;
const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

function fail(message: string): never {
  console.error(`[printernizer-admin] ${message}`);
  process.exit(1);
}

async function askPassword(): Promise<string> {
  // eslint-disable-next-line no-restricted-properties -- a CLI reads its own environment
  const fromEnv = process.env.PRINTERNIZER_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) fail("give --password or PRINTERNIZER_ADMIN_PASSWORD (no terminal to ask on).");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question("New password (at least 10 characters): ");
  rl.close();
  return answer;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function openDatabase(): Promise<{ url: string; close: () => Promise<void> }> {
  // eslint-disable-next-line no-restricted-properties -- a CLI reads its own environment
  const env = process.env;
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, close: async () => {} };
  const dataDir = env.PRINTERNIZER_DATA_DIR || path.join(repoRoot, ".data");
  const port = Number(env.PRINTERNIZER_PG_PORT || 54329);
  const credentialsFile = path.join(dataDir, "postgres.json");
  if (!existsSync(credentialsFile))
    fail(`no embedded database in ${dataDir}. Start Printernizer once (npm start), or set DATABASE_URL.`);
  const { user, password } = JSON.parse(readFileSync(credentialsFile, "utf8")) as {
    user: string;
    password: string;
  };
  const url = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/printernizer`;
  if (await canConnect(url)) return { url, close: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir, port });
  return { url: server.databaseUrl, close: () => server.stop() };
}

async function main() {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals[0] !== "create-admin") {
    process.stdout.write(`${usage}\n`);
    process.exit(values.help ? 0 : 1);
  }
  const email = ZEmailSchema.safeParse(values.email ?? "");
  if (!email.success) fail(`--email: ${email.error.issues[0]?.message}`);
  const name = ZNameSchema.safeParse(values.name ?? email.data.split("@")[0]);
  if (!name.success) fail(`--name: ${name.error.issues[0]?.message}`);
  const password = ZPasswordSchema.safeParse(values.password ?? (await askPassword()));
  if (!password.success) fail(`password: ${password.error.issues[0]?.message}`);

  const database = await openDatabase();
  const db = createDb({ databaseUrl: database.url, max: 2 });
  try {
    await applyMigrations({ databaseUrl: database.url, log: () => {} });
    const outcome = await createOrResetAdmin(db, {
      email: email.data,
      name: name.data,
      password: password.data,
    });
    await writeAuditLog(db, {
      action: outcome === "created" ? "user.create" : "user.reset_admin",
      actorEmail: "cli",
      targetType: "user",
      targetLabel: email.data,
      details: { via: "printernizer-admin CLI" },
    });
    process.stdout.write(
      `[printernizer-admin] ${outcome === "created" ? "created the admin" : "reset the password of and enabled the admin"} ${email.data}. Sign in with it now.\n`,
    );
  } finally {
    await db.$disconnect();
    await database.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
