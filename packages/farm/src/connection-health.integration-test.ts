import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { connectionHealth, farmAlerts } from "./connection-health";
import { listEvents } from "./events";

describe("event log, connection health and alerts", () => {
  let database: TestDatabase;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const printer = async (name: string, enabled = true) =>
      (
        await db.printer.create({
          data: { kind: "prusalink", name, host: "10.0.0.9", credentials: "x", enabled },
        })
      ).id;
    ids.ok = await printer("Healthy");
    ids.auth = await printer("Locked out");
    ids.error = await printer("Jammed");
    ids.off = await printer("Shelved", false);
    const now = new Date();
    const status = (extra: object) => ({ temperatures: {}, filament: [], errors: [], ...extra });
    await db.liveStatus.createMany({
      data: [
        {
          printerId: ids.ok,
          state: "idle",
          connected: true,
          status: status({ health: { circuit: "closed", reconnects: 2, healthy: true } }),
          lastCommunication: now,
          stateChangedAt: now,
          updatedAt: now,
        },
        {
          printerId: ids.auth,
          state: "offline",
          status: status({ health: { circuit: "open", reconnects: 0, healthy: false } }),
          lastError: "401 from PrusaLink",
          lastErrorKind: "authentication",
          stateChangedAt: now,
          updatedAt: now,
        },
        {
          printerId: ids.error,
          state: "error",
          connected: true,
          status: status({
            errors: [{ code: "FILAMENT_RUNOUT", severity: "serious", message: "Filament runout" }],
          }),
          stateChangedAt: now,
          updatedAt: now,
        },
        {
          printerId: ids.off,
          state: "error",
          status: status({}),
          lastErrorKind: "authentication",
          stateChangedAt: now,
          updatedAt: now,
        },
      ],
    });
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));
    await db.printerEvent.createMany({
      data: [
        { printerId: ids.ok, type: "printer_connected", payload: {}, createdAt: t(1) },
        { printerId: ids.auth, type: "printer_auth_error", payload: { message: "401" }, createdAt: t(2) },
        { printerId: ids.ok, type: "job_started", payload: { job: { name: "a.bgcode" } }, createdAt: t(3) },
        { printerId: ids.error, type: "printer_error", payload: { errors: [] }, createdAt: t(4) },
        { printerId: ids.ok, type: "job_completed", payload: { job: { name: "a.bgcode" } }, createdAt: t(5) },
      ],
    });
  });
  afterAll(async () => database.drop());

  it("pages through events newest first and filters by printer, type and time", async () => {
    const first = await listEvents(database.db, {}, { limit: 2 });
    expect(first.items.map((e) => e.type)).toEqual(["job_completed", "printer_error"]);
    expect(first.items[0]?.printerName).toBe("Healthy");
    const second = await listEvents(database.db, {}, { limit: 2, cursor: BigInt(first.nextCursor!) });
    expect(second.items.map((e) => e.type)).toEqual(["job_started", "printer_auth_error"]);
    const last = await listEvents(database.db, {}, { limit: 2, cursor: BigInt(second.nextCursor!) });
    expect(last.items.map((e) => e.type)).toEqual(["printer_connected"]);
    expect(last.nextCursor).toBeUndefined();
    expect(
      (
        await listEvents(
          database.db,
          { printerId: ids.ok, types: ["job_started", "job_completed"] },
          { limit: 10 },
        )
      ).items.map((e) => e.type),
    ).toEqual(["job_completed", "job_started"]);
    const window = await listEvents(
      database.db,
      { from: new Date(Date.UTC(2026, 10, 20, 10, 2)), to: new Date(Date.UTC(2026, 10, 20, 10, 4)) },
      { limit: 10 },
    );
    expect(window.items.map((e) => e.type)).toEqual(["printer_error", "job_started", "printer_auth_error"]);
  });

  it("reports each printer's connection health from the worker's status row", async () => {
    const health = await connectionHealth(database.db);
    expect(health.map((h) => h.printerName)).toEqual(["Healthy", "Jammed", "Locked out", "Shelved"]);
    expect(health[0]).toMatchObject({
      state: "idle",
      connected: true,
      circuit: "closed",
      reconnects: 2,
      healthy: true,
      lastError: null,
    });
    expect(health[2]).toMatchObject({
      state: "offline",
      connected: false,
      circuit: "open",
      reconnects: 0,
      lastError: { kind: "authentication", message: "401 from PrusaLink" },
    });
    expect(health[1]).toMatchObject({ circuit: null, reconnects: null });
    expect(health[3]).toMatchObject({ state: "disabled", enabled: false });
  });

  it("alerts on enabled printers in error or refusing the login, not on disabled ones", async () => {
    expect(await farmAlerts(database.db)).toEqual([
      {
        printerId: ids.error,
        printerName: "Jammed",
        reason: "error",
        message: "Filament runout",
        since: null,
      },
      {
        printerId: ids.auth,
        printerName: "Locked out",
        reason: "authentication",
        message: "401 from PrusaLink",
        since: null,
      },
    ]);
  });
});

describe("offline printers in the alerts", () => {
  let database: TestDatabase;
  const ids: Record<string, string> = {};
  const now = new Date("2026-11-30T14:10:00Z");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const offline = async (
      name: string,
      since: Date,
      lastError: string | null,
      lastErrorKind: string | null,
    ) => {
      const { id } = await db.printer.create({
        data: { kind: "bambu", name, host: "192.168.1.40", credentials: "x" },
      });
      await db.liveStatus.create({
        data: {
          printerId: id,
          state: "offline",
          connected: false,
          status: { temperatures: { nozzle: { current: 31 } }, filament: [], errors: [] },
          lastError,
          lastErrorKind,
          lastCommunication: since,
          stateChangedAt: since,
          updatedAt: since,
        },
      });
      return id;
    };
    ids.rebooting = await offline(
      "Rebooting",
      minutesAgo(0.5),
      "The printer did not answer at 192.168.1.40 (connection refused).",
      "connection",
    );
    ids.gone = await offline("Gone", minutesAgo(8), "connect ECONNREFUSED 192.168.1.40:8883", "connection");
    ids.silent = await offline("Silent", minutesAgo(3), null, null);
    ids.refused = await offline(
      "Refused",
      minutesAgo(0.1),
      "The printer at 192.168.1.40 refused the access code.",
      "authentication",
    );
  });
  afterAll(async () => database.drop());

  it("lists a printer offline for the grace, with since when and a sentence, never the raw socket error", async () => {
    const alerts = await farmAlerts(database.db, { now, offlineGraceMs: 60_000 });
    expect(alerts).toEqual([
      {
        printerId: ids.gone,
        printerName: "Gone",
        reason: "offline",
        message: "The printer did not answer at 192.168.1.40 (connection refused).",
        since: minutesAgo(8),
      },
      {
        printerId: ids.refused,
        printerName: "Refused",
        reason: "authentication",
        message: "The printer at 192.168.1.40 refused the access code.",
        since: null,
      },
      {
        printerId: ids.silent,
        printerName: "Silent",
        reason: "offline",
        message: "The printer did not answer at 192.168.1.40.",
        since: minutesAgo(3),
      },
    ]);
  });

  it("waits for the grace: a shorter one lists the rebooting printer too, a longer one only what is older", async () => {
    const names = async (offlineGraceMs: number) =>
      (await farmAlerts(database.db, { now, offlineGraceMs })).map((a) => `${a.printerName}:${a.reason}`);
    expect(await names(10_000)).toEqual([
      "Gone:offline",
      "Rebooting:offline",
      "Refused:authentication",
      "Silent:offline",
    ]);
    expect(await names(5 * 60_000)).toEqual(["Gone:offline", "Refused:authentication"]);
    // the default grace is a minute
    expect((await farmAlerts(database.db, { now })).map((a) => a.printerName)).toEqual([
      "Gone",
      "Refused",
      "Silent",
    ]);
  });

  it("shows connection health with the sentence in place of the raw socket error", async () => {
    const gone = (await connectionHealth(database.db)).find((h) => h.printerId === ids.gone);
    expect(gone?.lastError).toEqual({
      kind: "connection",
      message: "The printer did not answer at 192.168.1.40 (connection refused).",
    });
  });
});
