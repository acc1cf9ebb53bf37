// The fleet keeps a printer's connection when an admin edits something its adapter is not built
// from (location, tags: Printer.updatedAt moves, the credentials are sealed anew), and replaces it
// when the credentials or the address change. Simulators on 127.81.0.x.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updatePrinter } from "@printernizer/farm/admin-printers";
import type { PrinterForm } from "@printernizer/farm/printer-form";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertPrinter, quietLogger, testCipher, until } from "./helpers";

describe("editing a printer row", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let first: PrusaLinkSimulator;
  let second: PrusaLinkSimulator;
  let printerId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-worker-edits-"));

  const connectedTo = (sim: PrusaLinkSimulator) =>
    until(`connected to ${sim.host}`, async () => {
      const live = await database.db.liveStatus.findUnique({ where: { printerId } });
      return live?.connected && sim.connections().open > 0;
    });
  /** Two whole reconciles after the edit: the fleet has seen the row's new version. */
  const reconciled = async () => {
    await worker.fleet.tick();
    await worker.fleet.tick();
  };
  const form = (
    host: string,
    more: { password?: string; location?: string; tags?: string[] } = {},
  ): PrinterForm => ({
    kind: "prusalink",
    name: "Edited MK4",
    host,
    port: first.port,
    values: more.password ? { password: more.password } : ({} as Record<string, string>),
    ...(more.location !== undefined ? { location: more.location } : {}),
    ...(more.tags ? { tags: more.tags } : {}),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await new PrusaLinkSimulator({
      host: "127.81.0.1",
      port: 0,
      name: "Edits 1",
      password: "pw",
    }).start();
    // The same port on another address, so that only the host changes.
    second = await new PrusaLinkSimulator({
      host: "127.81.0.2",
      port: first.port,
      name: "Edits 2",
      password: "pw-2",
    }).start();
    const env = loadWorkerEnv(fastFleetEnv(database.url, dataDir));
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
    const row = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "Edited MK4",
      host: first.host,
      port: first.port,
      credentials: { password: "pw" },
      settings: { pollIntervalMs: 250 },
    });
    printerId = row.id;
    await connectedTo(first);
  });
  afterAll(async () => {
    await worker?.stop();
    await first?.stop();
    await second?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the adapter when only the location and tags change", async () => {
    const adapter = worker.fleet.adapter(printerId);
    const before = await database.db.printer.findUniqueOrThrow({ where: { id: printerId } });
    const saved = await updatePrinter(
      database.db,
      testCipher,
      printerId,
      form(first.host, { location: "Room 2 / Rack A", tags: ["PETG"] }),
    );
    expect(saved?.changed).toEqual(expect.arrayContaining(["location", "tags"]));
    const after = await database.db.printer.findUniqueOrThrow({ where: { id: printerId } });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(after.credentials).not.toBe(before.credentials); // sealed anew, same secret
    await reconciled();
    expect(worker.fleet.adapter(printerId)).toBe(adapter);
  });

  it("replaces the adapter when the credentials change", async () => {
    const adapter = worker.fleet.adapter(printerId);
    await updatePrinter(database.db, testCipher, printerId, form(first.host, { password: "pw-2" }));
    await reconciled();
    expect(worker.fleet.adapter(printerId)).toBeDefined();
    expect(worker.fleet.adapter(printerId)).not.toBe(adapter);
  });

  it("replaces the adapter when the host changes, and it connects to the new address", async () => {
    const adapter = worker.fleet.adapter(printerId);
    await updatePrinter(database.db, testCipher, printerId, form(second.host));
    await reconciled();
    expect(worker.fleet.adapter(printerId)).not.toBe(adapter);
    await connectedTo(second);
  });
});
