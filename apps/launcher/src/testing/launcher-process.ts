// Integration-test helpers: run the real launcher (src/main.ts) as a child process, read its
// output, look into its embedded database, and find processes it left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export interface LauncherRun {
  child: ChildProcess;
  output: string[];
  text(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Spawned as the leader of its own process group, as a terminal runs `npm start`. */
  detached: boolean;
}

export function startLauncher(
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): LauncherRun {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(import.meta.dirname, "..", ".."),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PRINTERNIZER_HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output, text: () => output.join(""), exited, detached: options.detached ?? false };
}

/** After a failed assertion: stop the launcher, and for a detached one whatever is left of its group. */
export async function stopLauncher(run: LauncherRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill("SIGTERM");
    await run.exited;
  }
  if (run.detached && run.child.pid) {
    try {
      process.kill(-run.child.pid, "SIGKILL");
    } catch {
      // the group is empty: nothing left
    }
  }
}

export async function waitForOutput(
  run: LauncherRun,
  pattern: RegExp,
  timeoutMs = 150_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.text());
    if (match) return match;
    if (Date.now() > deadline || run.child.exitCode !== null)
      throw new Error(`no ${pattern} in:\n${run.text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Every live process whose command line mentions the data directory or the PostgreSQL port. */
export function leftoverProcesses(dataDir: string, pgPort: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes(dataDir) || cmd.includes(`-p ${pgPort}`)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

export async function withDatabase<T>(
  dataDir: string,
  pgPort: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, "postgres.json"), "utf8")) as {
    user: string;
    password: string;
  };
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(pgPort),
    user,
    password,
    database: "printernizer",
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
