// Test material that lives beside the repository, in ../shared (not committed here): real printer
// payloads in fixtures/<vendor>/ and vendor specs in protocols/. Every test reads it through this
// module, so its location is worked out in one place: from the repository root (the folder that
// holds pnpm-workspace.yaml), wherever the test itself sits.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export type FixtureVendor = "bambu" | "prusalink";

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`no pnpm-workspace.yaml in ${from} or above it: cannot find the repository root`);
  }
}

/** The `shared` folder next to the repository root. */
export const sharedDir = resolve(repositoryRoot(import.meta.dirname), "..", "shared");

/** The absolute path of a file or folder under ../shared; throws, naming the path, when it is missing. */
export function sharedPath(relativePath: string): string {
  const path = resolve(sharedDir, relativePath);
  if (!existsSync(path))
    throw new Error(`test material missing: ${path} (it lives beside the repository, in ../shared)`);
  return path;
}

export const readSharedText = (relativePath: string): string =>
  readFileSync(sharedPath(relativePath), "utf8");

/** The JSON fixture files of one vendor, sorted by name. */
export const fixtureNames = (vendor: FixtureVendor): string[] =>
  readdirSync(sharedPath(`fixtures/${vendor}`))
    .filter((name) => name.endsWith(".json"))
    .sort();

/** One JSON fixture, parsed. */
export const readFixture = (vendor: FixtureVendor, name: string): unknown =>
  JSON.parse(readSharedText(`fixtures/${vendor}/${name}`)) as unknown;
