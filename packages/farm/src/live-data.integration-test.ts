import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { liveDataStatus } from "./live-data";

describe("live data staleness (the banner's source)", () => {
  let database: TestDatabase;
  const now = new Date("2026-11-30T12:00:00Z");
  const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  const worker = (
    id: string,
    data: { lastHeartbeat: Date; stoppedAt?: Date; lastCommitAt?: Date; writesStalledSince?: Date },
  ) =>
    database.db.workerNode.create({
      data: { id, hostname: `host-${id}`, pid: 1, version: "0.1.0", startedAt: secondsAgo(3600), ...data },
    });

  it("is fresh with no enabled printer, even without any worker", async () => {
    await database.db.printer.create({
      data: { kind: "prusalink", name: "Shelved", host: "10.0.0.1", credentials: "x", enabled: false },
    });
    expect(await liveDataStatus(database.db, now)).toEqual({
      stale: false,
      problem: null,
      since: null,
      workers: [],
    });
  });

  it("is stale when printers are enabled and no worker was ever seen", async () => {
    await database.db.printer.create({
      data: { kind: "prusalink", name: "Live", host: "10.0.0.2", credentials: "x" },
    });
    expect(await liveDataStatus(database.db, now)).toEqual({
      stale: true,
      problem: "no_worker",
      since: null,
      workers: [],
    });
  });

  it("is stale since the last commit of the last worker seen when none is alive (stopped or silent)", async () => {
    await worker("stopped", {
      lastHeartbeat: secondsAgo(5),
      stoppedAt: secondsAgo(5),
      lastCommitAt: secondsAgo(6),
    });
    await worker("silent", { lastHeartbeat: secondsAgo(40), lastCommitAt: secondsAgo(41) });
    expect(await liveDataStatus(database.db, now)).toEqual({
      stale: true,
      problem: "no_worker",
      since: secondsAgo(6),
      workers: [],
    });
  });

  it("is fresh when a live worker commits", async () => {
    await worker("healthy", { lastHeartbeat: secondsAgo(2), lastCommitAt: secondsAgo(1) });
    expect(await liveDataStatus(database.db, now)).toMatchObject({ stale: false, problem: null });
  });

  it("is stale since the oldest stuck write of any live worker that reports a stall", async () => {
    await worker("stuck-1", {
      lastHeartbeat: secondsAgo(1),
      lastCommitAt: secondsAgo(30),
      writesStalledSince: secondsAgo(25),
    });
    await worker("stuck-2", {
      lastHeartbeat: secondsAgo(3),
      lastCommitAt: secondsAgo(60),
      writesStalledSince: secondsAgo(50),
    });
    await worker("stuck-dead", { lastHeartbeat: secondsAgo(100), writesStalledSince: secondsAgo(200) }); // not alive: ignored
    expect(await liveDataStatus(database.db, now)).toEqual({
      stale: true,
      problem: "writes_stalled",
      since: secondsAgo(50),
      workers: [
        { id: "stuck-1", hostname: "host-stuck-1" },
        { id: "stuck-2", hostname: "host-stuck-2" },
      ],
    });
  });
});
