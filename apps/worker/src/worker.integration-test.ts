import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, adminQuery, type TestDatabase } from "@printernizer/db/test";
import { createLogger } from "@printernizer/logger";
import { inject } from "vitest";
import { loadWorkerEnv } from "./env";
import { startWorker, type RunningWorker } from "./worker";

const secret = "ab".repeat(32);
const logger = createLogger({ name: "worker-test", level: "silent" });

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("worker walking skeleton", () => {
  let database: TestDatabase;
  let worker: RunningWorker;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = loadWorkerEnv({
      DATABASE_URL: database.url,
      PRINTERNIZER_SECRET: secret,
      PRINTERNIZER_WORKER_PORT: "0",
      PRINTERNIZER_HEARTBEAT_MS: "500",
    });
    worker = await startWorker({ env, db: database.db, logger, kinds: {} });
  });
  afterAll(async () => {
    await worker?.stop().catch(() => {});
    await database.drop();
  });

  it("registers itself and heartbeats", async () => {
    const row = await database.db.workerNode.findUniqueOrThrow({ where: { id: worker.id } });
    expect(row.pid).toBe(process.pid);
    expect(row.healthUrl).toBe(worker.healthUrl);
    const later = await until(async () => {
      const r = await database.db.workerNode.findUniqueOrThrow({ where: { id: worker.id } });
      return r.lastHeartbeat > row.lastHeartbeat ? r : undefined;
    });
    expect(later.stoppedAt).toBeNull();
  });

  it("answers /health with 200 while the database is up", async () => {
    const response = await fetch(`${worker.healthUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      checks: { database: { ok: true }, leases: { ok: true, detail: { owned: 0 } }, printers: { ok: true } },
    });
  });

  it("marks itself stopped on stop", async () => {
    await worker.stop();
    const row = await database.db.workerNode.findUniqueOrThrow({ where: { id: worker.id } });
    expect(row.stoppedAt).toBeInstanceOf(Date);
  });
});

describe("worker health without a database", () => {
  it("answers 503 once the database is gone", async () => {
    const database = await createTestDatabase();
    const env = loadWorkerEnv({
      DATABASE_URL: database.url,
      PRINTERNIZER_SECRET: secret,
      PRINTERNIZER_WORKER_PORT: "0",
    });
    const worker = await startWorker({ env, db: database.db, logger, kinds: {} });
    try {
      await adminQuery(inject("printernizerPg").adminUrl, `DROP DATABASE "${database.name}" WITH (FORCE)`);
      const response = await fetch(`${worker.healthUrl}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: "degraded",
        checks: { database: { ok: false } },
      });
    } finally {
      await worker.stop();
      await database.db.$disconnect();
    }
  });
});

describe("worker configuration errors", () => {
  it("prints one line naming the variable and exits 1", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: import.meta.dirname + "/..",
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: "postgresql://x@127.0.0.1:1/x",
        PRINTERNIZER_SECRET: "short",
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid configuration: PRINTERNIZER_SECRET: must be 32 random bytes/);
  });
});
