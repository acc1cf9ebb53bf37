import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "pz-launcher-"));
const ports = { PORT: "3201", PRINTERNIZER_PG_PORT: "54392", PRINTERNIZER_WORKER_PORT: "4201" };

interface Started {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startLauncher(extraEnv: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(import.meta.dirname, ".."),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PRINTERNIZER_DATA_DIR: dataDir, PRINTERNIZER_HOST: "127.0.0.1", LOG_LEVEL: "warn", ...ports, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(started.output.join(""))) {
    if (Date.now() > deadline || started.child.exitCode !== null) throw new Error(`no ${pattern} in:\n${started.output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every live process whose command line mentions our data directory or ports. */
function leftoverProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes(dataDir) || cmd.includes(`-p ${ports.PRINTERNIZER_PG_PORT}`)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, "postgres.json"), "utf8")) as { user: string; password: string };
  const client = new pg.Client({ host: "127.0.0.1", port: Number(ports.PRINTERNIZER_PG_PORT), user, password, database: "printernizer" });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the start command's launcher", () => {
  it("starts everything with a live demo farm, and SIGINT leaves no postgres or node process behind", async () => {
    const first = startLauncher();
    await waitForOutput(first, /Printernizer is running: http:\/\/localhost:3201/);
    expect(first.output.join("")).toMatch(/applied migration \d+_init/);
    expect(first.output.join("")).toMatch(/demo farm: 3 simulated printers running/);
    // the worker connects to every demo printer
    const deadline = Date.now() + 60_000;
    let connected = 0;
    while (Date.now() < deadline && connected < 3) {
      connected = await withDatabase(async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "LiveStatus" l JOIN "Printer" p ON p.id = l."printerId" WHERE p."isDemo" AND l.connected`)).rows[0]!.n));
      if (connected < 3) await new Promise((r) => setTimeout(r, 500));
    }
    expect(connected).toBe(3);
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/api/health`);
    expect(health.status).toBe(200);
    await withDatabase((c) => c.query(`INSERT INTO "Printer" (id, kind, name, host, credentials, "updatedAt") VALUES ('p1', 'prusalink', 'Kept', '127.0.0.1', 'x', now())`));
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(leftoverProcesses()).toEqual([]);
  });

  it("reuses the data on the next start and applies no migration twice", async () => {
    const second = startLauncher();
    await waitForOutput(second, /Printernizer is running/);
    expect(second.output.join("")).toMatch(/database is up to date/);
    expect(second.output.join("")).not.toMatch(/initialising a new PostgreSQL cluster/);
    expect(second.output.join("")).toMatch(/demo farm: 3 simulated printers running/);
    expect(second.output.join("")).not.toMatch(/starting a demo farm/); // the same demo printers, not new ones
    const rows = await withDatabase((c) => c.query<{ name: string }>(`SELECT name FROM "Printer" ORDER BY name`));
    expect(rows.rows.map((r) => r.name)).toEqual(["Demo MK4 1", "Demo MK4 2", "Demo MK4 3", "Kept"]);
    const response = await fetch(`http://127.0.0.1:${ports.PORT}/api/trpc/printer.list`);
    expect(JSON.stringify(await response.json())).toContain("Kept");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(leftoverProcesses()).toEqual([]);
  });

  it("refuses an external database without PRINTERNIZER_SECRET, saying how to set it", async () => {
    const started = startLauncher({ DATABASE_URL: "postgresql://u:p@127.0.0.1:1/db" });
    expect(await started.exited).toBe(1);
    expect(started.output.join("")).toMatch(/PRINTERNIZER_SECRET is not set.*openssl rand -hex 32/s);
  });

  it("starts no demo farm when PRINTERNIZER_DEMO=off", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pz-launcher-nodemo-"));
    const started = startLauncher({ PRINTERNIZER_DATA_DIR: dir, PRINTERNIZER_DEMO: "off" });
    await waitForOutput(started, /Printernizer is running/);
    expect(started.output.join("")).not.toMatch(/demo farm/);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it("rejects a bad port with one line naming the variable", async () => {
    const started = startLauncher({ PORT: "not-a-port" });
    expect(await started.exited).toBe(1);
    expect(started.output.join("").trim()).toMatch(/^invalid configuration: PORT: /);
  });
});
