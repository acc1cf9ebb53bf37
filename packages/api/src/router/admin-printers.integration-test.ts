// Admin → Printers through the real router and a migrated database: forms per kind,
// write-only secrets, audit rows, clear errors for bad input.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { callerFor, testCipher } from "../testing/callers";

const bambuForm = {
  kind: "bambu",
  name: "X1C bay 1",
  host: "192.168.1.50",
  model: "X1C",
  values: { serial: "00M09A350100123", accessCode: "12345678" },
};

describe("admin.printers", () => {
  let database: TestDatabase;
  const cipher = testCipher();
  const admin = () => callerFor(database.db, "admin", cipher);
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("creates a Bambu printer: serial in its column, access code sealed, listed masked, audited", async () => {
    const { id } = await admin().admin.printers.create(bambuForm);
    const row = await database.db.printer.findUniqueOrThrow({ where: { id } });
    expect(row.serial).toBe("00M09A350100123");
    expect(row.credentials).not.toContain("12345678");
    expect(cipher.decryptJson(row.credentials)).toEqual({ accessCode: "12345678" });
    const listed = (await admin().admin.printers.list()).find((p) => p.id === id)!;
    expect(listed.secretsSet).toEqual(["accessCode"]);
    expect(JSON.stringify(listed)).not.toContain("12345678");
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: "printer.create", targetId: id },
    });
    expect(audit).toMatchObject({
      actorEmail: "test-admin@printernizer.test",
      ip: "203.0.113.7",
      targetLabel: "X1C bay 1",
    });
  });

  it("keeps a secret when the field is left empty and replaces it when a new one is typed", async () => {
    const { id } = await admin().admin.printers.create({
      ...bambuForm,
      name: "P1S bay 2",
      values: { serial: "01P00A400200456", accessCode: "old-code" },
    });
    const kept = await admin().admin.printers.update({
      id,
      ...bambuForm,
      name: "P1S bay 2",
      host: "192.168.1.51",
      values: { serial: "01P00A400200456", accessCode: "" },
    });
    expect(kept.changed).toEqual(["host"]);
    expect(
      cipher.decryptJson((await database.db.printer.findUniqueOrThrow({ where: { id } })).credentials),
    ).toEqual({ accessCode: "old-code" });
    await admin().admin.printers.update({
      id,
      ...bambuForm,
      name: "P1S bay 2",
      host: "192.168.1.51",
      values: { serial: "01P00A400200456", accessCode: "new-code" },
    });
    expect(
      cipher.decryptJson((await database.db.printer.findUniqueOrThrow({ where: { id } })).credentials),
    ).toEqual({ accessCode: "new-code" });
    const audit = await database.db.auditLog.findMany({
      where: { action: "printer.update", targetId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.details)).toEqual([{ changed: ["host"] }, { changed: ["accessCode"] }]);
  });

  it("stores a location and tags tidied (trimmed, de-duplicated ignoring case), keeps them when absent, audits the change", async () => {
    const { id } = await admin().admin.printers.create({
      ...bambuForm,
      name: "X1C rack",
      values: { serial: "00M09A350100999", accessCode: "12345678" },
      location: "  Room 2 / Rack A ",
      tags: [" PETG", "0.6 nozzle", "petg", "", "Night shift"],
    });
    const stored = () => database.db.printer.findUniqueOrThrow({ where: { id } });
    expect(await stored()).toMatchObject({
      location: "Room 2 / Rack A",
      tags: ["PETG", "0.6 nozzle", "Night shift"],
    });
    const listed = (await admin().admin.printers.list()).find((p) => p.id === id)!;
    expect(listed).toMatchObject({
      location: "Room 2 / Rack A",
      tags: ["PETG", "0.6 nozzle", "Night shift"],
    });

    const form = {
      id,
      ...bambuForm,
      name: "X1C rack",
      values: { serial: "00M09A350100999", accessCode: "" },
    };
    expect((await admin().admin.printers.update(form)).changed).toEqual([]);
    expect(await stored()).toMatchObject({
      location: "Room 2 / Rack A",
      tags: ["PETG", "0.6 nozzle", "Night shift"],
    });
    const moved = await admin().admin.printers.update({ ...form, location: "Room 3", tags: ["PLA"] });
    expect(moved.changed).toEqual(["location", "tags"]);
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: "printer.update", targetId: id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit.details).toEqual({ changed: ["location", "tags"] });
    await admin().admin.printers.update({ ...form, location: "  ", tags: [] });
    expect(await stored()).toMatchObject({ location: null, tags: [] });

    const refused = async (patch: object) => {
      try {
        await admin().admin.printers.update({ ...form, ...patch });
        return "saved";
      } catch (error) {
        return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(await refused({ location: "x".repeat(81) })).toMatch(/Keep the location under 81 characters/);
    expect(await refused({ tags: ["y".repeat(33)] })).toMatch(/Keep each tag under 33 characters/);
    expect(await refused({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toMatch(
      /at most 20 tags; remove some/,
    );
    expect(await refused({ tags: [...Array.from({ length: 20 }, (_, i) => `t${i}`), "T0"] })).toBe("saved");
  });

  it("refuses incomplete or malformed forms with a message naming the field", async () => {
    const message = async (input: unknown) => {
      try {
        await admin().admin.printers.create(input as never);
        return "accepted";
      } catch (error) {
        return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(await message({ ...bambuForm, name: "No code", values: { serial: "S1" } })).toBe(
      "BAD_REQUEST: LAN access code is required.",
    );
    expect(
      await message({ kind: "prusalink", name: "Mini", host: "10.0.0.9", values: { username: "maker" } }),
    ).toMatch(/^BAD_REQUEST: Password \/ API key: a password or an API key is required/);
    expect(await message({ ...bambuForm, name: "Bad host", host: "http://10.0.0.1/x" })).toMatch(
      /Enter an IP address/,
    );
    expect(await message({ ...bambuForm, kind: "makerbot" })).toBe(
      'BAD_REQUEST: Printers of kind "makerbot" are not supported.',
    );
    expect(await message({ ...bambuForm })).toBe(
      'CONFLICT: A printer named "X1C bay 1" already exists; choose another name.',
    );
  });

  it("disables, enables and removes, each audited", async () => {
    const { id } = await admin().admin.printers.create({
      kind: "prusalink",
      name: "MK4 one",
      host: "10.0.0.20",
      port: 80,
      model: "MK4",
      values: { username: "maker", password: "pl-secret" },
    });
    await admin().admin.printers.setEnabled({ id, enabled: false });
    expect((await database.db.printer.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    await admin().admin.printers.setEnabled({ id, enabled: true });
    await admin().admin.printers.remove({ id });
    expect(await database.db.printer.findUnique({ where: { id } })).toBeNull();
    const actions = (
      await database.db.auditLog.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(["printer.create", "printer.disable", "printer.enable", "printer.remove"]);
    await expect(admin().admin.printers.remove({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND for a removed printer and CONFLICT for a name another printer has, on every write", async () => {
    const { id } = await admin().admin.printers.create({
      ...bambuForm,
      name: "Soon gone",
      values: { serial: "00M09A350100999", accessCode: "gone-code" },
    });
    await expect(
      admin().admin.printers.update({ id, ...bambuForm, name: "X1C bay 1" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'A printer named "X1C bay 1" already exists; choose another name.',
    });
    await admin().admin.printers.remove({ id });
    for (const call of [
      () => admin().admin.printers.update({ id, ...bambuForm, name: "Soon gone" }),
      () => admin().admin.printers.setEnabled({ id, enabled: false }),
      () => admin().admin.printers.testConnection({ id, ...bambuForm, name: "Soon gone" }),
    ])
      await expect(call()).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "That printer no longer exists; reload the page.",
      });
  });

  it("queues a connection test with the typed config sealed, and reports a test no worker answers", async () => {
    const outcome = await admin().admin.printers.testConnection({
      ...bambuForm,
      name: "Unsaved",
      values: { serial: "S9", accessCode: "typed-code" },
    });
    // No worker runs in this test: the command expires with a message saying what to check.
    expect(outcome.status).toBe("expired");
    expect(outcome.error).toMatch(/worker/i);
    const command = await database.db.printerCommand.findFirstOrThrow({ where: { kind: "test_connection" } });
    expect(JSON.stringify(command.payload)).not.toContain("typed-code");
    expect(cipher.decryptJson((command.payload as { credentials: string }).credentials)).toEqual({
      accessCode: "typed-code",
    });
  }, 40_000);
});
