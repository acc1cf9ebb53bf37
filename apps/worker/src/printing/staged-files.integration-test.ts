// Which staged copies the worker remembers: a file uploaded under a path another library file was
// staged at overwrote it on the printer, so only the newest bytes stay recorded for that path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@printernizer/db/test";
import { recordStaged } from "./library-upload";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

describe("recordStaged", () => {
  it("forgets other bytes staged under the same path, keeps those under other paths", async () => {
    const { db } = database;
    const printer = await db.printer.create({
      data: { kind: "bambu", name: "P1S-01", host: "127.0.0.1", credentials: "x" },
    });
    const [a, b, c] = ["a", "b", "c"].map((x) => x.repeat(64));
    await recordStaged(db, printer.id, a!, "/bracket.gcode.3mf", 100);
    await recordStaged(db, printer.id, c!, "/other.gcode.3mf", 100);
    // another library file with the same name (other bytes, same size) is sent to the same printer
    await recordStaged(db, printer.id, b!, "/bracket.gcode.3mf", 100);
    const rows = await db.stagedFile.findMany({
      where: { printerId: printer.id },
      orderBy: { remoteName: "asc" },
    });
    expect(rows.map((r) => [r.sha256.slice(0, 1), r.remoteName])).toEqual([
      ["b", "/bracket.gcode.3mf"],
      ["c", "/other.gcode.3mf"],
    ]);
  });
});
