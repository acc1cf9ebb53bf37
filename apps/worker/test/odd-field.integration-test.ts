// Issue 14, item 1, end to end: a real worker and a real migrated Postgres. A Bambu printer whose
// pushall answer has one field of an unexpected shape, and a PrusaLink printer whose job answer has
// `file: null` and a status field of the wrong type, are connected at once, their status rows are
// written with everything else, and each bad field is recorded once as printer_protocol_warning.
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

describe("worker: one odd field never costs a printer its status", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let bambu: BambuSimulator;
  let prusa: PrusaLinkSimulator;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-odd-field-"));

  beforeAll(async () => {
    database = await createTestDatabase();
    bambu = await new BambuSimulator({ host: "127.0.41.1", model: "P1S", reportIntervalMs: 250 }).start();
    prusa = await new PrusaLinkSimulator({ host: "127.0.41.2", timeScale: 1, password: "pass-odd" }).start();
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([bambu, prusa].filter(Boolean).map((s) => s.stop()));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const warnings = (printerId: string) =>
    database.db.printerEvent.findMany({ where: { printerId, type: "printer_protocol_warning" } });

  it("Bambu: a pushall with a tray's remain as a list connects, writes the status, warns once", async () => {
    bambu.setTray(0, 1, { remain: [47], tray_type: "PETG" });
    const { id } = await insertBambuSimulator(database.db, "odd-p1s", bambu);
    const live = await until("the Bambu status row", () =>
      database.db.liveStatus.findFirst({ where: { printerId: id, connected: true } }),
    );
    const slots = (live.status as { filament: Array<{ unit: unknown; slot: number; material?: string }> })
      .filament;
    expect(slots.find((s) => s.unit === 0 && s.slot === 1)).toMatchObject({ material: "PETG" });
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // several more reports with the same field
    const rows = await warnings(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toMatchObject({
      path: "print.ams.ams[0].tray[1].remain",
      valueType: "array",
      expected: "number",
    });
    expect(
      await database.db.printerEvent.count({ where: { printerId: id, type: "printer_protocol_error" } }),
    ).toBe(0);
    expect(bambu.counters().connects).toBe(1);
  });

  it("PrusaLink: file null and a temperature as text still update the status row", async () => {
    const { id } = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "odd-mk4",
      host: prusa.host,
      port: prusa.port,
      credentials: { password: "pass-odd" },
      settings: { pollIntervalMs: 250 },
    });
    await until("the PrusaLink status row", () =>
      database.db.liveStatus.findFirst({ where: { printerId: id, connected: true } }),
    );
    prusa.answerNext(
      "/api/v1/status",
      {
        body: {
          printer: { state: "PRINTING", temp_nozzle: "hot", temp_bed: 61 },
          job: { id: 9, progress: 30 },
        },
      },
      40,
    );
    prusa.answerNext(
      "/api/v1/job",
      {
        body: { id: 9, state: "PRINTING", progress: 30, time_remaining: null, time_printing: 60, file: null },
      },
      40,
    );
    const live = await until("the status of the odd answers", () =>
      database.db.liveStatus.findFirst({ where: { printerId: id, state: "printing", progress: 30 } }),
    );
    expect(live.status).toMatchObject({ temperatures: { bed: { current: 61 } }, job: { id: "9" } });
    const rows = await until("the warning row", async () => {
      const found = await warnings(id);
      return found.length > 0 ? found : undefined;
    });
    expect(rows.map((r) => r.payload)).toMatchObject([
      { path: "printer.temp_nozzle", source: "/api/v1/status", valueType: "string" },
    ]);
    expect(
      await database.db.printerEvent.count({ where: { printerId: id, type: "printer_protocol_error" } }),
    ).toBe(0);
  });
});
