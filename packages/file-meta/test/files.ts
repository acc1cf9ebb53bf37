// Temporary files for reader tests (the readers take a path, as the library hands them one).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "file-meta-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

export function tempFile(name: string, data: Buffer | string): string {
  const path = join(dir, `${++count}-${name}`);
  writeFileSync(path, data);
  return path;
}

export const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);
