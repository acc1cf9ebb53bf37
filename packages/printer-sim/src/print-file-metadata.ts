// The metadata of a print file the simulators hold in memory (@printernizer/file-meta reads files
// on disk): written to a private temp file for the read, removed afterwards. Undefined when the
// file cannot be read, as a printer would still print it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPrintFile, type FileMetadata } from "@printernizer/file-meta";

export async function printFileMetadata(data: Buffer, name: string): Promise<FileMetadata | undefined> {
  const dir = await mkdtemp(join(tmpdir(), "printernizer-sim-"));
  try {
    const file = join(dir, "print");
    await writeFile(file, data, { mode: 0o600 });
    return (await readPrintFile(file, name)).metadata;
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
