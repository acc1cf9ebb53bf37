// Offline as a first-class state, through the whole worker with real simulators and Postgres:
// a printer switched off shows offline with a sentence, is announced by a printer_offline
// webhook after the grace and by printer_online when it is back, and is connected again within
// 10 s of coming back; a printer that refuses its credentials is tried at most 3 times in the
// first minute (counted at the simulator), needs new credentials, and connects at once on
// "reconnect now" or when an admin saves the right credentials.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { requestCommand, waitForCommand } from "@printernizer/farm/commands";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import {
  fastFleetEnv,
  insertBambuSimulator,
  insertChannel,
  insertPrinter,
  quietLogger,
  testCipher,
  until,
} from "./helpers";

interface Received {
  event: string;
  title: string;
  message: string;
  printer: { id: string; name: string };
  at: number;
}

/** A webhook receiver on loopback that keeps what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ ...(JSON.parse(body) as Omit<Received, "at">), at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe("offline printers and refused credentials", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const sims: { stop(): Promise<void> }[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-offline-"));
  // switched off and on again
  let prusa: PrusaLinkSimulator;
  let bambu: BambuSimulator;
  let prusaId: string;
  let bambuId: string;
  // refusing the credentials the worker has
  let lockedPrusa: PrusaLinkSimulator;
  let lockedBambu: BambuSimulator;
  let lockedPrusaId: string;
  let lockedBambuId: string;
  let lockedSince: number;

  const live = (printerId: string) => database.db.liveStatus.findUnique({ where: { printerId } });
  const connected = async (printerId: string) => {
    const row = await live(printerId);
    return row?.connected && row.state !== "offline" ? row : undefined;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    await insertChannel(
      database.db,
      {
        name: "on call",
        url: testCipher.encrypt(receiver.url),
        urlHint: "http://127.0.0.1",
        format: "generic",
      },
      ["printer_offline", "printer_online", "printer_auth_error"],
    );
    prusa = await new PrusaLinkSimulator({ host: "127.0.14.1", port: 0, password: "right-pass" }).start();
    bambu = await new BambuSimulator({ host: "127.0.14.2", model: "P1S", reportIntervalMs: 200 }).start();
    lockedPrusa = await new PrusaLinkSimulator({
      host: "127.0.14.3",
      port: 0,
      password: "right-pass",
    }).start();
    lockedBambu = await new BambuSimulator({
      host: "127.0.14.4",
      model: "X1C",
      reportIntervalMs: 200,
    }).start();
    sims.push(prusa, bambu, lockedPrusa, lockedBambu);
    const prusaRow = (sim: PrusaLinkSimulator, name: string, password: string) =>
      insertPrinter(database.db, {
        kind: "prusalink",
        name,
        host: sim.host,
        port: sim.port,
        credentials: { password },
        settings: { pollIntervalMs: 250 },
      });
    prusaId = (await prusaRow(prusa, "switched-mk4", "right-pass")).id;
    bambuId = (await insertBambuSimulator(database.db, "switched-p1s", bambu)).id;
    lockedPrusaId = (await prusaRow(lockedPrusa, "locked-mk4", "wrong-pass")).id;
    lockedBambuId = (
      await insertBambuSimulator(database.db, "locked-x1c", {
        host: lockedBambu.host,
        serial: lockedBambu.serial,
        accessCode: "00000000",
        mqttPort: lockedBambu.mqttPort,
        ftpPort: lockedBambu.ftpPort,
        certificateFingerprint: lockedBambu.certificateFingerprint,
      })
    ).id;
    const env = loadWorkerEnv({
      ...fastFleetEnv(database.url, dataDir),
      PRINTERNIZER_OFFLINE_GRACE_SECONDS: "2",
      PRINTERNIZER_WEBHOOK_ALLOW_LOOPBACK: "1",
    });
    lockedSince = Date.now();
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
    await until(
      "both switched printers connected",
      async () => (await connected(prusaId)) && connected(bambuId),
    );
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    for (const sim of sims) await sim.stop();
    receiver?.server.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ["PrusaLink", () => ({ sim: prusa, id: prusaId })],
    ["Bambu", () => ({ sim: bambu, id: bambuId })],
  ])(
    "%s switched off: offline with a sentence, printer_offline after the grace, back within 10 s, printer_online",
    async (_vendor, which) => {
      const { sim, id } = which();
      const temperaturesBefore = ((await live(id))?.status as { temperatures?: unknown }).temperatures;
      const switchedOff = Date.now();
      await sim.goAway();
      const offline = await until("offline", async () => {
        const row = await live(id);
        return row?.state === "offline" && row.lastError?.includes("did not answer") ? row : undefined;
      });
      expect(offline.connected).toBe(false);
      expect(offline.lastError).toMatch(
        new RegExp(`^The printer did not answer at ${sim.host.replaceAll(".", "\\.")} \\(`),
      );
      expect(offline.lastError).not.toMatch(/E[A-Z]{4,}|fetch failed/);
      expect(["connection", "timeout"]).toContain(offline.lastErrorKind);
      expect(offline.stateChangedAt.getTime()).toBeGreaterThanOrEqual(switchedOff - 1_000);
      // the last temperatures stay (shown as stale), with when they were last heard
      expect((offline.status as { temperatures?: unknown }).temperatures).toEqual(temperaturesBefore);
      expect(offline.lastCommunication).toBeInstanceOf(Date);

      const announced = await until("printer_offline delivered", async () =>
        receiver.received.find((r) => r.event === "printer_offline" && r.printer.id === id),
      );
      expect(announced.at - switchedOff).toBeGreaterThanOrEqual(2_000);
      expect(announced.message).toMatch(
        /^The printer did not answer at .*It has not answered for \d+ seconds\.$/,
      );

      // a few reconnect attempts fail meanwhile; then the printer is switched on again
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      const switchedOn = Date.now();
      await sim.comeBack();
      await until("connected again", () => connected(id), 20_000);
      expect(Date.now() - switchedOn).toBeLessThanOrEqual(10_000);
      const back = await until("printer_online delivered", async () =>
        receiver.received.find((r) => r.event === "printer_online" && r.printer.id === id),
      );
      expect(back.title).toMatch(/is back online$/);
      expect(receiver.received.filter((r) => r.printer.id === id).map((r) => r.event)).toEqual([
        "printer_offline",
        "printer_online",
      ]);
    },
    60_000,
  );

  it("refused credentials: at most 3 attempts in the first minute, then it needs new credentials", async () => {
    for (const [id, credential] of [
      [lockedPrusaId, "password"],
      [lockedBambuId, "access code"],
    ] as const) {
      const row = await until("refused login recorded", async () => {
        const status = await live(id);
        return status?.lastErrorKind === "authentication" ? status : undefined;
      });
      expect(row).toMatchObject({ state: "offline", connected: false });
      expect(row.lastError).toBe(
        `The printer at ${id === lockedPrusaId ? lockedPrusa.host : lockedBambu.host} refused the ${credential}.`,
      );
    }
    const firstMinuteLeft = lockedSince + 60_000 - Date.now();
    if (firstMinuteLeft > 0) await new Promise((resolve) => setTimeout(resolve, firstMinuteLeft));
    // a PrusaLink attempt is one request answering the Digest challenge; a Bambu attempt one MQTT CONNECT
    const prusaAttempts = lockedPrusa.counters().refusedCredentials;
    const bambuAttempts = lockedBambu.counters().authFailures;
    expect(prusaAttempts).toBeGreaterThanOrEqual(1);
    expect(prusaAttempts).toBeLessThanOrEqual(3);
    expect(bambuAttempts).toBeGreaterThanOrEqual(1);
    expect(bambuAttempts).toBeLessThanOrEqual(3);
    for (const id of [lockedPrusaId, lockedBambuId])
      expect(
        await database.db.printerEvent.count({ where: { printerId: id, type: "printer_auth_error" } }),
      ).toBe(1);
  }, 90_000);

  it("reconnect now: tried at once in the slow pace, and the result says it connected", async () => {
    lockedPrusa.setPassword("wrong-pass"); // the printer now has the password the worker has
    const before = lockedPrusa.counters().requests;
    const asked = Date.now();
    const command = await requestCommand(database.db, { kind: "reconnect", printerId: lockedPrusaId });
    const done = await waitForCommand(database.db, command.id);
    expect(done).toMatchObject({ status: "done", result: { connected: true } });
    expect(Date.now() - asked).toBeLessThan(10_000); // the slow pace would have waited minutes
    expect(lockedPrusa.counters().requests).toBeGreaterThan(before);
    await until("connected", () => connected(lockedPrusaId));

    // connected already: says so without a new attempt
    const again = await requestCommand(database.db, { kind: "reconnect", printerId: lockedPrusaId });
    expect(await waitForCommand(database.db, again.id)).toMatchObject({ result: { connected: true } });
  }, 30_000);

  it("an admin saving the right access code connects at once", async () => {
    const asked = Date.now();
    await database.db.printer.update({
      where: { id: lockedBambuId },
      data: { credentials: testCipher.encryptJson({ accessCode: lockedBambu.accessCode }) },
    });
    const row = await until("connected", () => connected(lockedBambuId), 20_000);
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(row.lastError).toBeNull();
  }, 30_000);
});
