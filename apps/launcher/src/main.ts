// The start command's process: embedded Postgres (unless DATABASE_URL is given),
// migrations, then the worker and the web app, each restarted when it crashes
// (supervised-child.ts); stops them all on Ctrl-C, PostgreSQL last.
import { createRequire } from "node:module";
import path from "node:path";
import { createDb } from "@printernizer/db";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@printernizer/db/embedded";
import { createCredentialCipher } from "@printernizer/db/secrets";
import { applyMigrations } from "@printernizer/db/migrate";
import { startChild } from "./child-process";
import { startDemoFarm } from "./demo-farm";
import type { DemoPrinter } from "./demo-printer";
import { loadLauncherEnv, repoRoot } from "./env";
import { MissingSecretError, resolveSecret } from "./secret-file";
import { superviseChild, type SupervisedChild } from "./supervised-child";

// eslint-disable-next-line no-restricted-properties -- the one place the launcher reads its environment
const env = loadLauncherEnv(process.env);
const say = (line: string) => process.stdout.write(`[printernizer] ${line}\n`);
const alarm = (line: string) => process.stderr.write(`[printernizer] ${line}\n`);

let database: EmbeddedPostgresHandle | undefined;
const children: SupervisedChild[] = [];
let demoPrinters: DemoPrinter[] = [];
let shuttingDown: Promise<void> | undefined;

async function shutdown(exitCode: number, why?: string): Promise<void> {
  shuttingDown ??= (async () => {
    say("stopping…");
    // The worker flushes its queued writes and releases its printers' leases before it exits,
    // so PostgreSQL (in its own process group: a Ctrl-C does not reach it) is stopped last.
    await Promise.all(
      children.map(async (child) => say(`the ${child.name} stopped (${await child.stop()})`)),
    );
    await Promise.all(demoPrinters.map((p) => p.stop()));
    if (database) {
      await database.stop();
      say("database stopped");
    }
    if (why) alarm(`stopped because ${why}`);
    process.exit(exitCode);
  })();
  return shuttingDown;
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main(): Promise<void> {
  let secret: string;
  try {
    secret = resolveSecret({
      given: env.PRINTERNIZER_SECRET,
      external: Boolean(env.DATABASE_URL),
      dataDir: env.PRINTERNIZER_DATA_DIR,
    });
  } catch (error) {
    if (error instanceof MissingSecretError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting the embedded PostgreSQL (data in ${env.PRINTERNIZER_DATA_DIR})`);
    database = await startEmbeddedPostgres({
      dataDir: env.PRINTERNIZER_DATA_DIR,
      port: env.PRINTERNIZER_PG_PORT,
      ownProcessGroup: true,
      notice: say,
    });
    databaseUrl = database.databaseUrl;
  }
  await applyMigrations({ databaseUrl, log: say });
  if (database && env.PRINTERNIZER_DEMO === "on") {
    const db = createDb({ databaseUrl, max: 2 });
    try {
      demoPrinters = await startDemoFarm({
        db,
        cipher: createCredentialCipher(secret),
        dataDir: env.PRINTERNIZER_DATA_DIR,
        say,
      });
    } finally {
      await db.$disconnect();
    }
  }

  const childEnv: NodeJS.ProcessEnv = {
    // eslint-disable-next-line no-restricted-properties -- children inherit PATH, locale, LOG_LEVEL, etc.
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRINTERNIZER_SECRET: secret,
    PRINTERNIZER_WORKER_PORT: String(env.PRINTERNIZER_WORKER_PORT),
    // The worker writes downloads under it and the web app streams them out.
    PRINTERNIZER_DATA_DIR: env.PRINTERNIZER_DATA_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const workerDir = path.join(repoRoot, "apps", "worker");
  const webDir = path.join(repoRoot, "apps", "web");
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  if (shuttingDown) return;
  const supervise = (name: string, command: string, args: string[], cwd: string) =>
    superviseChild({
      name,
      start: () => startChild({ name, command, args, cwd, env: childEnv }),
      say,
      alarm,
      onGiveUp: (reason) => void shutdown(1, reason),
    });
  children.push(
    supervise("worker", process.execPath, ["--import", "tsx", "src/main.ts"], workerDir),
    supervise(
      "web",
      process.execPath,
      [nextBin, "start", "--port", String(env.PORT), "--hostname", env.PRINTERNIZER_HOST],
      webDir,
    ),
  );
  await waitForHealth(`http://127.0.0.1:${env.PORT}/api/health`);
  say(`Printernizer is running: http://localhost:${env.PORT}  (Ctrl-C stops it)`);
}

async function waitForHealth(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!shuttingDown)
    throw new Error(`the web app did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

main().catch((error: unknown) => {
  console.error(`[printernizer] could not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause instanceof Error)
    console.error(`[printernizer] cause: ${error.cause.message}`);
  void shutdown(1);
});
