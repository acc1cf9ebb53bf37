// Test support for the farm cache's integration tests: status writes the way the worker makes
// them (the database's clock for `updatedAt`, `stateChangedAt` moved only by a state change,
// then the NOTIFY), a client that applies the stream's messages, and the hub's LISTEN backend.
import type { Db } from "@printernizer/db";
import type { FarmPrinter } from "../farm";
import { notify } from "../notify";
import { applyFarmDeltas, type FarmDeltaMessage } from "./farm-delta";
import type { FarmCache } from "./farm-cache";
import { farmUpdates } from "./farm-updates";

export interface TestStatus {
  state: "idle" | "printing" | "paused" | "error" | "offline";
  nozzle: number;
  jobName?: string;
  progress?: number;
}

export async function writeStatus(db: Db, printerId: string, s: TestStatus, notifyToo = true): Promise<void> {
  const status = {
    state: s.state,
    ...(s.jobName ? { job: { id: "1", name: s.jobName, state: "PRINTING", progress: s.progress ?? 0 } } : {}),
    temperatures: { nozzle: { current: s.nozzle, target: 220 } },
    filament: [],
    errors: [],
  };
  await db.$executeRaw`
    INSERT INTO "LiveStatus" ("printerId", "state", "connected", "jobName", "progress", "status", "stateChangedAt", "updatedAt")
    VALUES (${printerId}, ${s.state}::"PrinterState", true, ${s.jobName ?? null}, ${s.progress ?? null},
      ${JSON.stringify(status)}::jsonb, now(), now())
    ON CONFLICT ("printerId") DO UPDATE SET "state" = EXCLUDED."state", "jobName" = EXCLUDED."jobName",
      "progress" = EXCLUDED."progress", "status" = EXCLUDED."status", "updatedAt" = now(),
      "stateChangedAt" = CASE WHEN "LiveStatus"."state" = EXCLUDED."state" THEN "LiveStatus"."stateChangedAt" ELSE now() END`;
  if (notifyToo) await notify(db, "printerUpdates", { printerId, changes: ["status"] });
}

export function createPrinter(db: Db, name: string, host = "10.0.0.1") {
  return db.printer.create({ data: { kind: "prusalink", name, host, credentials: "sealed-secret" } });
}

/** Cuts the web hub's LISTEN connection (it reconnects by itself); resolves with how many were cut. */
export async function terminateListen(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity
    WHERE application_name = 'printernizer-web-live' AND datname = current_database() AND pid <> pg_backend_pid()`;
  for (const { pid } of rows) await db.$executeRaw`SELECT pg_terminate_backend(${pid}::int)`;
  return rows.length;
}

/** A browser in a test: the list it started from, and every message of its stream as it arrived. */
export interface TestClient {
  messages: { at: number; message: FarmDeltaMessage }[];
  /** The start list with every message so far applied. */
  list(): FarmPrinter[];
  stop(): Promise<void>;
}

export function openClient(cache: FarmCache, start: FarmPrinter[], since?: Date): TestClient {
  const controller = new AbortController();
  const messages: TestClient["messages"] = [];
  const stream = farmUpdates(cache, { since, signal: controller.signal });
  const done = (async () => {
    for await (const message of stream) messages.push({ at: Date.now(), message });
  })();
  return {
    messages,
    list: () =>
      applyFarmDeltas(
        start,
        messages.map((m) => m.message),
      ),
    async stop() {
      controller.abort();
      await done;
    },
  };
}
