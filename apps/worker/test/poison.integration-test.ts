// Issue 12 end to end: a real worker and a real migrated Postgres, healthy printers printing
// among two poisoned ones (a Bambu and a PrusaLink simulator sending each poison class). The
// healthy printers' status rows keep updating (staleness measured by the database clock), the
// worker keeps running and answering /health, and what the poisoned printers left in the
// database is sanitized: clean names, no out-of-range integers, bounded error lists.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertBambuSimulator, insertPrinter, quietLogger, until } from "./helpers";

describe("worker: one poisoned printer never stops the farm", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-poison-"));
  const healthyPrusa: PrusaLinkSimulator[] = [];
  let healthyBambu: BambuSimulator;
  let poisonBambu: BambuSimulator;
  let poisonPrusa: PrusaLinkSimulator;
  const healthyIds: string[] = [];
  let poisonBambuId = "";
  let poisonPrusaId = "";
  /** The worst staleness (ms) of any healthy printer's status row seen while sampling. */
  let worstStalenessMs = 0;

  /** now() - updatedAt of the healthy printers' rows, by the database's own clock. */
  async function staleness(): Promise<number> {
    const rows = await database.db.$queryRawUnsafe<Array<{ ms: number }>>(
      `SELECT (EXTRACT(EPOCH FROM (now() - "updatedAt")) * 1000)::float8 AS ms FROM "LiveStatus" WHERE "printerId" = ANY($1::text[])`,
      healthyIds,
    );
    if (rows.length !== healthyIds.length) return Number.POSITIVE_INFINITY;
    return Math.max(...rows.map((r) => r.ms));
  }

  /** Runs `poison` while sampling the healthy printers' staleness every 200 ms, and a while after. */
  async function underPoison(poison: () => Promise<void>, settleMs = 3_000): Promise<void> {
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        worstStalenessMs = Math.max(worstStalenessMs, await staleness());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      await poison();
      await new Promise((resolve) => setTimeout(resolve, settleMs));
    } finally {
      sampling = false;
      await sampler;
    }
  }

  const protocolErrors = (printerId: string) =>
    database.db.printerEvent.findMany({
      where: { printerId, type: "printer_protocol_error" },
      orderBy: { id: "asc" },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });

    // Healthy printers, all printing, so their status changes every poll or report.
    for (let i = 0; i < 2; i++) {
      const sim = await new PrusaLinkSimulator({
        host: `127.0.5.${i + 1}`,
        name: `healthy-mk4-${i}`,
        timeScale: 10,
        password: "pass-healthy",
      }).start();
      healthyPrusa.push(sim);
      const row = await insertPrinter(database.db, {
        kind: "prusalink",
        name: sim.name,
        host: sim.host,
        port: sim.port,
        credentials: { password: "pass-healthy" },
        settings: { pollIntervalMs: 250 },
      });
      healthyIds.push(row.id);
      expect(sim.startPrint("/usb/MURCIE~1.BGC")).toBe(true);
    }
    healthyBambu = await new BambuSimulator({
      host: "127.0.5.10",
      model: "X1C",
      reportIntervalMs: 250,
      timeScale: 600,
      accessCode: "healthy1",
    }).start();
    healthyBambu.startPrint({ name: "Healthy plate", minutes: 600, prepareSeconds: 1 });
    const bambuRow = await insertBambuSimulator(database.db, "healthy-x1c", healthyBambu);
    healthyIds.push(bambuRow.id);

    // The poisoned ones: quiet simulators that send only what the tests tell them to.
    poisonBambu = await new BambuSimulator({
      host: "127.0.5.20",
      model: "P1S",
      reportIntervalMs: 3_600_000,
      accessCode: "poison01",
    }).start();
    poisonBambuId = (await insertBambuSimulator(database.db, "poison-p1s", poisonBambu)).id;
    poisonPrusa = await new PrusaLinkSimulator({
      host: "127.0.5.21",
      name: "poison-mk4",
      timeScale: 1,
      password: "pass-poison",
    }).start();
    poisonPrusaId = (
      await insertPrinter(database.db, {
        kind: "prusalink",
        name: poisonPrusa.name,
        host: poisonPrusa.host,
        port: poisonPrusa.port,
        credentials: { password: "pass-poison" },
        settings: { pollIntervalMs: 250 },
      })
    ).id;

    const all = [...healthyIds, poisonBambuId, poisonPrusaId];
    await until(
      "every printer connected",
      async () =>
        (await database.db.liveStatus.count({ where: { printerId: { in: all }, connected: true } })) ===
        all.length,
      30_000,
    );
    await until(
      "healthy printers printing",
      async () =>
        (await database.db.liveStatus.count({
          where: { printerId: { in: healthyIds }, state: "printing" },
        })) === healthyIds.length,
      30_000,
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(
      [...healthyPrusa, healthyBambu, poisonBambu, poisonPrusa].filter(Boolean).map((s) => s.stop()),
    );
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("Bambu: a 3,000-level report and a 6 MB report with 300,000 HMS entries are refused and recorded", async () => {
    await underPoison(async () => {
      await poisonBambu.publishRaw(
        `{"print":{"command":"push_status","msg":1,"upgrade_state":${'{"a":'.repeat(3_000)}1${"}".repeat(3_000)}}}`,
      );
      const hms = Array.from({ length: 300_000 }, (_, i) => ({
        attr: 0x03000100 + (i % 1000),
        code: 0x00010007,
      }));
      await poisonBambu.publishRaw(
        JSON.stringify({ print: { command: "push_status", msg: 1, sequence_id: "2", hms } }),
      );
      // The same list small enough to pass the size limit: capped, not stored 5,000 times.
      await poisonBambu.publishRaw(
        JSON.stringify({
          print: { command: "push_status", msg: 1, sequence_id: "3", hms: hms.slice(0, 20_000) },
        }),
      );
    });
    const messages = (await protocolErrors(poisonBambuId)).map(
      (e) => (e.payload as { message?: string }).message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/nested deeper than 64 levels/),
        expect.stringMatching(/exceeds the limit of 1048576 bytes/),
      ]),
    );
    const live = await until("the capped HMS list stored", async () => {
      const row = await database.db.liveStatus.findUnique({ where: { printerId: poisonBambuId } });
      return (row?.status as { errors?: unknown[] } | undefined)?.errors?.length ? row : undefined;
    });
    expect((live.status as { errors: unknown[] }).errors).toHaveLength(100);
    expect(live.connected).toBe(true);
  });

  it("Bambu: a job name with NUL and lone surrogates and total_layer_num above 2^31-1 are stored sanitized", async () => {
    await underPoison(async () => {
      await poisonBambu.publishRaw({
        print: {
          command: "push_status",
          msg: 1,
          sequence_id: "4",
          hms: [],
          gcode_state: "RUNNING",
          subtask_name: "Ben\u0000chy\uD800 plate",
          task_id: "4242",
          total_layer_num: 2 ** 31,
          layer_num: 7,
          mc_remaining_time: 2 ** 31,
          mc_percent: 5,
        },
      });
    });
    const job = await until("the poisoned job row", () =>
      database.db.job.findFirst({ where: { printerId: poisonBambuId, externalId: "4242" } }),
    );
    expect(job).toMatchObject({ fileName: "Benchy plate", totalLayers: null, layer: 7, state: "PRINTING" });
    const live = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId: poisonBambuId } });
    expect(live).toMatchObject({ jobName: "Benchy plate", remainingSeconds: null, state: "printing" });
  });

  it("PrusaLink: time_remaining above 2^31-1 and NUL in names are stored sanitized; garbled polls end no job", async () => {
    const job = {
      id: 51,
      state: "PRINTING",
      progress: 12,
      time_remaining: 2 ** 31,
      time_printing: 60,
      file: { name: "CUBE\u0000~1.BGC", display_name: "cube\uDC00.bgcode", path: "/usb" },
    };
    await underPoison(async () => {
      poisonPrusa.answerNext(
        "/api/v1/status",
        { body: { printer: { state: "PRINTING" }, job: { id: 51, progress: 12, time_remaining: 2 ** 31 } } },
        20,
      );
      poisonPrusa.answerNext("/api/v1/job", { body: job }, 20);
      await until(
        "the poisoned answers fetched",
        async () => poisonPrusa.pendingAnswers("/api/v1/status") === 0,
      );
      // Garbled polls in the middle of that print: the job vanishes, numbers go negative, the state is unknown.
      poisonPrusa.answerNext("/api/v1/status", [
        { body: { printer: { state: "PRINTING" } } },
        { body: { printer: { state: "PRINTING" }, job: { id: -51, progress: -5, time_remaining: -1 } } },
        { body: { printer: { state: "\u0000".repeat(5_000) } } },
        { body: '{"printer":{"state":"PRINTI' },
      ]);
      poisonPrusa.answerNext("/api/v1/job", { status: 204, body: "" }, 4);
      await until(
        "the garbled answers fetched",
        async () => poisonPrusa.pendingAnswers("/api/v1/status") === 0,
      );
      poisonPrusa.clearAnswers();
      poisonPrusa.answerNext(
        "/api/v1/status",
        { body: { printer: { state: "PRINTING" }, job: { id: 51, progress: 13, time_remaining: 600 } } },
        20,
      );
      poisonPrusa.answerNext("/api/v1/job", { body: { ...job, progress: 13, time_remaining: 600 } }, 20);
    });
    const rows = await database.db.job.findMany({ where: { printerId: poisonPrusaId } });
    expect(rows).toHaveLength(1); // not split into a failed job and a new one
    expect(rows[0]).toMatchObject({
      externalId: "51",
      fileName: "CUBE~1.BGC",
      displayName: "cube.bgcode",
      endedAt: null,
      outcome: null,
    });
    const live = await database.db.liveStatus.findUniqueOrThrow({ where: { printerId: poisonPrusaId } });
    expect(live.remainingSeconds).toBe(600);
    expect(
      await database.db.printerEvent.count({ where: { printerId: poisonPrusaId, type: "job_failed" } }),
    ).toBe(0);
    expect((await protocolErrors(poisonPrusaId)).length).toBeGreaterThan(0);
  });

  it("the healthy printers never went stale, the worker stayed healthy and rejected nothing", async () => {
    console.warn(
      `poison suite: worst staleness of a healthy printer's status row ${Math.round(worstStalenessMs)} ms`,
    );
    expect(worstStalenessMs).toBeLessThan(2_000);
    const health = await fetch(`${worker.healthUrl}/health`);
    expect(health.status).toBe(200);
    // Sanitized at the adapters' boundary, so the write path had nothing to reject as a dead letter.
    expect(
      await database.db.rejectedWrite.findMany({
        where: { printerId: { in: [poisonBambuId, poisonPrusaId] } },
      }),
    ).toEqual([]);
  });
});
