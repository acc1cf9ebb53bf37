// Rotating PRINTERNIZER_SECRET: with the old key listed in PRINTERNIZER_SECRET_PREVIOUS the
// worker still connects, and re-seals the credentials with the new key.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredentialCipher, generateSecretKey } from "@printernizer/db/secrets";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { insertPrinter, quietLogger, testCipher, testSecret, until } from "./helpers";

describe("secret key rotation", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let sim: PrusaLinkSimulator;
  const newKey = generateSecretKey();

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = await new PrusaLinkSimulator({ host: "127.0.1.202", port: 0, password: "rotate-me" }).start();
    const env = loadWorkerEnv({
      DATABASE_URL: database.url,
      PRINTERNIZER_SECRET: newKey,
      PRINTERNIZER_SECRET_PREVIOUS: testSecret,
      PRINTERNIZER_WORKER_PORT: "0",
      PRINTERNIZER_FLEET_TICK_MS: "500",
      PRINTERNIZER_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pz-rotation-")),
    });
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
  });
  afterAll(async () => {
    await worker?.stop();
    await sim?.stop();
    await database.drop();
  });

  it("connects with credentials sealed by the previous key and re-seals them with the new one", async () => {
    const row = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "Rotated",
      host: sim.host,
      port: sim.port,
      credentials: { password: "rotate-me" },
      settings: { pollIntervalMs: 250 },
    });
    expect(testCipher.decryptJson(row.credentials)).toEqual({ password: "rotate-me" });
    await until(
      "connected",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId: row.id } }))?.connected,
    );
    const after = await until("re-sealed", async () => {
      const r = await database.db.printer.findUniqueOrThrow({ where: { id: row.id } });
      return r.credentials !== row.credentials ? r : undefined;
    });
    expect(createCredentialCipher(newKey).decryptJson(after.credentials)).toEqual({ password: "rotate-me" });
    expect(after.updatedAt.getTime()).toBe(row.updatedAt.getTime()); // no reconnect for a re-seal
    expect(() => createCredentialCipher(testSecret).decrypt(after.credentials)).toThrow();
  });
});
