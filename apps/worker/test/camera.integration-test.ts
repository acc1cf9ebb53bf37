// Cameras end to end below the browser: a simulated P1S (port-6000 JPEG protocol), a real worker
// (its camera hub) and two web processes' relays. Three viewers share ONE camera connection on the
// printer; it closes once the last viewer has left and the linger has passed; the worker's
// camera endpoints refuse requests without the web app's token.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { CameraRelay } from "@printernizer/farm/camera/camera-relay";
import type { CameraWireState } from "@printernizer/farm/camera/camera-wire";
import { liveViewOffSentence } from "@printernizer/farm/camera/cameras";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { printerKinds } from "@printernizer/printers/registry";
import { loadWorkerEnv } from "../src/env";
import { startWorker, type RunningWorker } from "../src/worker";
import { fastFleetEnv, insertPrinter, quietLogger, testSecret, until } from "./helpers";

describe("camera: one upstream per printer, shared by every viewer", () => {
  let database: TestDatabase;
  let worker: RunningWorker;
  let sim: BambuSimulator;
  let relay: CameraRelay;
  let printerId: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-worker-camera-"));

  beforeAll(async () => {
    database = await createTestDatabase();
    sim = await new BambuSimulator({
      model: "P1S",
      host: "127.71.0.1",
      reportIntervalMs: 200,
      cameraFrameIntervalMs: 100,
    }).start();
    printerId = (
      await insertPrinter(database.db, {
        kind: "bambu",
        name: "Camera P1S",
        host: sim.host,
        serial: sim.serial,
        credentials: { accessCode: sim.accessCode },
        settings: {
          mqttPort: sim.mqttPort,
          ftpPort: sim.ftpPort,
          cameraPort: sim.cameraPort,
          certificateFingerprint: sim.certificateFingerprint,
        },
      })
    ).id;
    const env = loadWorkerEnv({
      ...fastFleetEnv(database.url, dataDir),
      PRINTERNIZER_WORKER_HOST: "127.71.0.100",
      PRINTERNIZER_CAMERA_LINGER_MS: "1000",
    });
    worker = await startWorker({ env, db: database.db, logger: quietLogger, kinds: printerKinds });
    relay = new CameraRelay({ db: database.db, secret: testSecret, logger: quietLogger, retryMs: 500 });
    await until(
      "connected",
      async () => (await database.db.liveStatus.findUnique({ where: { printerId } }))?.connected,
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await sim?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("three viewers get frames over one camera connection, closed after the last leaves", async () => {
    expect(sim.cameraConnections).toBe(0);
    const viewers = [0, 1, 2].map(() => ({ frames: [] as Uint8Array[], states: [] as CameraWireState[] }));
    // two web processes (two relays), three browsers
    const otherWeb = new CameraRelay({ db: database.db, secret: testSecret, logger: quietLogger });
    const leave = viewers.map((v, i) =>
      (i === 2 ? otherWeb : relay).watch(printerId, {
        onFrame: (jpeg) => v.frames.push(jpeg),
        onState: (state) => v.states.push(state),
      }),
    );
    await until("every viewer has 5 frames", async () => viewers.every((v) => v.frames.length >= 5));
    for (const v of viewers) {
      expect([...v.frames[0]!.subarray(0, 2)]).toEqual([0xff, 0xd8]);
      expect(v.states.some((s) => s.state === "live")).toBe(true);
    }
    expect(sim.cameraConnections).toBe(1);
    expect(sim.cameraConnectionsTotal).toBe(1);
    expect(relay.openUpstreams()).toBe(1);
    expect(otherWeb.openUpstreams()).toBe(1);
    expect(worker.cameras.openUpstreams()).toBe(1);

    // a snapshot meanwhile comes from the open stream, no new connection
    const shot = await relay.snapshot(printerId);
    expect(shot.ok && [...shot.jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);

    for (const l of leave) l();
    expect(relay.openUpstreams()).toBe(0);
    await until("the camera connection is closed", async () => sim.cameraConnections === 0, 10_000);
    expect(worker.cameras.openUpstreams()).toBe(0);
    expect(sim.cameraConnectionsTotal).toBe(1);
  });

  it("a snapshot with nobody watching opens the camera for one frame and closes it after the linger", async () => {
    const shot = await relay.snapshot(printerId);
    expect(shot.ok && [...shot.jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    await until("closed again", async () => sim.cameraConnections === 0, 10_000);
  });

  it("the worker's camera endpoints refuse a request without the web app's token", async () => {
    const node = await database.db.workerNode.findUniqueOrThrow({ where: { id: worker.id } });
    for (const what of ["stream", "snapshot"]) {
      const response = await fetch(`${node.healthUrl}/camera/${printerId}/${what}`, {
        headers: { "x-printernizer-camera-token": `${Date.now() + 10_000}.${"A".repeat(43)}` },
      });
      expect(response.status).toBe(401);
    }
    expect(sim.cameraConnections).toBe(0);
  });

  it("tells viewers of a printer without a camera and of a disabled one why, in a sentence", async () => {
    const prusa = await insertPrinter(database.db, {
      kind: "prusalink",
      name: "No camera",
      host: "127.71.0.2",
      credentials: { username: "maker", password: "x" },
    });
    const states: CameraWireState[] = [];
    const leave = relay.watch(prusa.id, { onFrame: () => {}, onState: (s) => states.push(s) });
    await until("told", async () => states.some((s) => s.code === "no_camera"));
    leave();
    expect(await relay.snapshot(prusa.id)).toMatchObject({ ok: false, status: 409 });
    await database.db.printer.update({ where: { id: printerId }, data: { enabled: false } });
    expect(await relay.snapshot(printerId)).toMatchObject({
      ok: false,
      status: 404,
      message: expect.stringContaining("disabled"),
    });
  });

  it("an X1C with LAN live view off: viewers are told to turn it on, and no camera connection is tried", async () => {
    const x1c = await new BambuSimulator({
      model: "X1C",
      host: "127.71.0.3",
      reportIntervalMs: 200,
      liveView: false,
    }).start();
    try {
      const row = await insertPrinter(database.db, {
        kind: "bambu",
        name: "Live view off X1C",
        host: x1c.host,
        serial: x1c.serial,
        credentials: { accessCode: x1c.accessCode },
        settings: {
          mqttPort: x1c.mqttPort,
          ftpPort: x1c.ftpPort,
          rtspPort: x1c.cameraPort,
          certificateFingerprint: x1c.certificateFingerprint,
        },
      });
      await until(
        "connected",
        async () => (await database.db.liveStatus.findUnique({ where: { printerId: row.id } }))?.connected,
      );
      const states: CameraWireState[] = [];
      const leave = relay.watch(row.id, { onFrame: () => {}, onState: (s) => states.push(s) });
      await until("told", async () => states.some((s) => s.message === liveViewOffSentence));
      leave();
      expect(await relay.snapshot(row.id)).toMatchObject({
        ok: false,
        status: 503,
        message: liveViewOffSentence,
      });
      expect(x1c.cameraConnectionsTotal).toBe(0);
    } finally {
      await x1c.stop();
    }
  });
});
