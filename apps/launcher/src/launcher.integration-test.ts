import { spawn, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:net";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";

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
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PRINTERNIZER_DATA_DIR: dataDir,
      PRINTERNIZER_HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...ports,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const started = { child, output, exited };
  launched.push(started);
  return started;
}

const launched: Started[] = [];
// A failed assertion must not leave a launcher (and its postgres, worker, web) holding the fixed ports.
afterEach(async () => {
  for (const started of launched.splice(0)) {
    if (started.child.exitCode !== null || started.child.signalCode !== null) continue;
    started.child.kill("SIGTERM");
    await started.exited;
  }
});

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(started.output.join(""))) {
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`no ${pattern} in:\n${started.output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every live process whose command line mentions our data directory or ports. */
function leftoverProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes(dataDir) || cmd.includes(`-p ${ports.PRINTERNIZER_PG_PORT}`))
        found.push(`${pid}: ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function withDatabase<T>(fn: (client: pg.Client) => Promise<T>, dir = dataDir): Promise<T> {
  const { user, password } = JSON.parse(readFileSync(path.join(dir, "postgres.json"), "utf8")) as {
    user: string;
    password: string;
  };
  const client = new pg.Client({
    host: "127.0.0.1",
    port: Number(ports.PRINTERNIZER_PG_PORT),
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

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const demoNames = [
  "Demo MK4 1",
  "Demo MK4 2",
  "Demo MK4 3",
  "Demo P1S 1",
  "Demo P1S 2",
  "Demo X1C 1",
  "Demo X1C 2",
];

interface DemoStatus {
  name: string;
  kind: string;
  connected: boolean;
  state: string;
  lastErrorKind: string | null;
}

/** Waits until a worker started after `since` reports every demo printer connected with a real state. */
async function waitForConnectedDemoFarm(since: Date): Promise<DemoStatus[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await withDatabase(
      async (c) =>
        (
          await c.query<DemoStatus>(
            `SELECT p.name, p.kind, coalesce(l.connected AND l."updatedAt" > $1, false) AS connected, coalesce(l.state::text, 'none') AS state, l."lastErrorKind" FROM "Printer" p LEFT JOIN "LiveStatus" l ON l."printerId" = p.id WHERE p."isDemo" ORDER BY p.name`,
            [since],
          )
        ).rows,
    );
    if (
      rows.length === demoNames.length &&
      rows.every((r) => r.connected && !["offline", "unknown"].includes(r.state))
    )
      return rows;
    if (Date.now() > deadline) throw new Error(`demo printers not all connected: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("the start command's launcher", () => {
  it("starts everything with a live demo farm, and SIGINT leaves no postgres or node process behind", async () => {
    const startedAt = new Date();
    const first = startLauncher();
    await waitForOutput(first, /Printernizer is running: http:\/\/localhost:3201/);
    expect(first.output.join("")).toMatch(/applied migration \d+_init/);
    expect(first.output.join("")).toMatch(/initialising a new PostgreSQL cluster/); // so its absence on the next start means something
    expect(first.output.join("")).toMatch(/demo farm: 7 simulated printers running/);
    expect(first.output.join("")).toMatch(/demo library: 3 print files added/);
    expect(first.output.join("")).not.toMatch(/Bambu demo printer/);
    // the worker connects to every demo printer, the Bambu ones over MQTT/TLS with their pinned certificate
    const statuses = await waitForConnectedDemoFarm(startedAt);
    expect(statuses.map((s) => `${s.name} ${s.kind}`)).toEqual(
      demoNames.map((n) => `${n} ${n.includes("MK4") ? "prusalink" : "bambu"}`),
    );
    // each Bambu demo printer keeps its certificate in the data directory, pinned in its settings
    const bambu = await withDatabase(
      async (c) =>
        (
          await c.query<{ serial: string; fingerprint: string }>(
            `SELECT serial, settings->>'certificateFingerprint' AS fingerprint FROM "Printer" WHERE "isDemo" AND kind = 'bambu'`,
          )
        ).rows,
    );
    expect(bambu).toHaveLength(4);
    for (const { serial, fingerprint } of bambu) {
      const certFile = path.join(dataDir, "demo-printers", `${serial}.crt`);
      expect(new X509Certificate(readFileSync(certFile)).fingerprint256).toBe(fingerprint);
      expect(statSync(path.join(dataDir, "demo-printers", `${serial}.key`)).mode & 0o777).toBe(0o600);
    }
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/api/health`);
    expect(health.status).toBe(200);
    await withDatabase((c) =>
      c.query(
        `INSERT INTO "Printer" (id, kind, name, host, credentials, "updatedAt") VALUES ('p1', 'prusalink', 'Kept', '127.0.0.1', 'x', now())`,
      ),
    );
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(leftoverProcesses()).toEqual([]);
  });

  it("reuses the data on the next start and applies no migration twice", async () => {
    const startedAt = new Date();
    const second = startLauncher();
    await waitForOutput(second, /Printernizer is running/);
    expect(second.output.join("")).toMatch(/database is up to date/);
    expect(second.output.join("")).not.toMatch(/initialising a new PostgreSQL cluster/);
    expect(second.output.join("")).toMatch(/demo farm: 7 simulated printers running/);
    expect(second.output.join("")).not.toMatch(/starting a demo farm/); // the same demo printers, not new ones
    const rows = await withDatabase((c) =>
      c.query<{ name: string }>(`SELECT name FROM "Printer" ORDER BY name`),
    );
    expect(rows.rows.map((r) => r.name)).toEqual([...demoNames, "Kept"]);
    // the demo library was added once: a restart adds no copies
    expect(second.output.join("")).not.toMatch(/demo library/);
    const library = await withDatabase((c) => c.query(`SELECT id FROM "LibraryFile"`));
    expect(library.rows).toHaveLength(3);
    // the Bambu simulators present the certificates pinned on the first start, so the worker connects again
    const statuses = await waitForConnectedDemoFarm(startedAt);
    expect(statuses.filter((s) => s.kind === "bambu").map((s) => s.lastErrorKind)).not.toContain(
      "certificate",
    );
    // the web app runs on the reused database (its printer list needs a sign-in, so ask its health)
    expect((await fetch(`http://127.0.0.1:${ports.PORT}/api/health`)).status).toBe(200);
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

  it("runs the PrusaLink demo printers and says in one line why the Bambu ones are missing when they cannot listen", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pz-launcher-nobambu-"));
    // Someone else holds the Bambu demo printers' FTPS port (as port 990 is held from a non-root user).
    const blockers: Server[] = [];
    for (const host of ["127.0.2.1", "127.0.2.2", "127.0.2.3", "127.0.2.4"]) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(990, host, resolve));
      blockers.push(server);
    }
    try {
      const started = startLauncher({ PRINTERNIZER_DATA_DIR: dir });
      await waitForOutput(started, /Printernizer is running/);
      const output = started.output.join("");
      expect(output).toMatch(/demo farm: 3 simulated printers running/);
      expect(output.split("\n").filter((line) => /Bambu/.test(line))).toEqual([
        expect.stringMatching(
          /^\[printernizer\] demo farm: 4 Bambu demo printers \(Demo X1C 1, Demo X1C 2, Demo P1S 1, Demo P1S 2\) not added: the simulator cannot listen on 127\.0\.2\.1:8883\/990: .*EADDRINUSE/,
        ),
      ]);
      const kinds = await withDatabase(
        async (c) =>
          (await c.query<{ kind: string }>(`SELECT kind FROM "Printer" WHERE "isDemo"`)).rows.map(
            (r) => r.kind,
          ),
        dir,
      );
      expect(kinds).toEqual(["prusalink", "prusalink", "prusalink"]);
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    } finally {
      await Promise.all(blockers.map((server) => new Promise((resolve) => server.close(resolve))));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a bad port with one line naming the variable", async () => {
    const started = startLauncher({ PORT: "not-a-port" });
    expect(await started.exited).toBe(1);
    expect(started.output.join("").trim()).toMatch(/^invalid configuration: PORT: /);
  });
});
