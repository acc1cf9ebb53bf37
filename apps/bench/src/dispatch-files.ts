// The dispatch scenario's library files: a sliced .gcode.3mf for the Bambu X1C (one plate, PLA
// black, as the simulators have in AMS slot 1) padded with random bytes to the size asked for,
// imported into the library the way an upload is (file store staging, metadata, row).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import type { Db } from "@printernizer/db";
import { importLibraryFile } from "@printernizer/farm/library-import";
import { LocalFileStore } from "@printernizer/file-store";
import { buildZip, makeMultiPlate3mf, readBuiltZip } from "@printernizer/printer-sim/bambu";

/** A project file of about `bytes` bytes whose print lasts `minutes` simulated minutes. */
export function benchProjectFile(title: string, bytes: number, minutes: number, seed: number): Buffer {
  const base = makeMultiPlate3mf(
    title,
    [{ name: title, minutes, layers: 200, filaments: [{ type: "PLA", color: "#000000", grams: 30 }] }],
    { model: "X1C", seed },
  );
  const entries = [...readBuiltZip(base)].map(([name, data]) => ({ name, data }));
  // random bytes do not compress: the zip grows by about their size
  const padding = Math.max(0, bytes - base.length - 200);
  if (padding > 0) entries.push({ name: "Auxiliaries/bench-padding.bin", data: randomBytes(padding) });
  return buildZip(entries);
}

export async function addBenchLibraryFile(
  db: Db,
  dataDir: string,
  name: string,
  bytes: Buffer,
): Promise<{ id: string; size: number }> {
  const store = new LocalFileStore(path.join(dataDir, "files"));
  const staged = await store.stage(Readable.from([bytes]));
  const file = await importLibraryFile(db, store, { staged, name });
  return { id: file.id, size: bytes.length };
}
