// The demo farm's library files go through the upload path once per data directory: all three
// are readable (metadata, pictures, plates), and a second start adds nothing.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb, type Db } from "@printernizer/db";
import { createMigratedDatabase, startTestPostgres } from "@printernizer/db/test";
import { LocalFileStore } from "@printernizer/file-store";
import { addDemoLibrary } from "./demo-library";

// The launcher's tests run without the shared Postgres of the package tests: this one starts its own.
let database: { db: Db };
let stopPostgres: () => Promise<void>;
beforeAll(async () => {
  const server = await startTestPostgres();
  stopPostgres = server.stop;
  database = { db: createDb({ databaseUrl: await createMigratedDatabase(server.adminUrl, "demo_library") }) };
}, 120_000);
afterAll(async () => {
  await database.db.$disconnect();
  await stopPostgres();
});

it("adds a bgcode, a two-plate 3MF and a G-code once, with their pictures", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pz-demo-library-"));
  const lines: string[] = [];
  await addDemoLibrary({ db: database.db, dataDir, say: (line) => lines.push(line) });
  await addDemoLibrary({ db: database.db, dataDir, say: (line) => lines.push(line) });
  expect(lines).toEqual(["demo library: 3 print files added"]);
  const files = await database.db.libraryFile.findMany({ orderBy: { name: "asc" } });
  expect(files.map((f) => [f.name, f.format])).toEqual([
    ["Desk Organizer.gcode.3mf", "3mf"],
    ["bracket_0.4n_0.2mm_PLA_MK4_47m.bgcode", "bgcode"],
    ["cube_0.4n_0.2mm_PLA_MK4_8m.gcode", "gcode"],
  ]);
  const store = new LocalFileStore(path.join(dataDir, "files"));
  for (const file of files) {
    expect(await store.has(file.sha256)).toBe(true);
    expect(file.thumbnailSha256, file.name).not.toBeNull();
  }
  const threeMf = files.find((f) => f.format === "3mf")!.metadata as {
    plates: { thumbnailSha256?: string }[];
  };
  expect(threeMf.plates).toHaveLength(2);
  expect(threeMf.plates.every((p) => p.thumbnailSha256 !== undefined)).toBe(true);
});
