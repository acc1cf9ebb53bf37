// `@printernizer/printers/kinds`, `@printernizer/printers/connection-words` and the root entry are
// what the web process loads: they must reach no protocol code. Walks their static import graph
// from the source files.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = dirname(fileURLToPath(import.meta.url));
const protocolModules =
  /^(mqtt|basic-ftp|undici|node:tls|tls|node:net|net|node:http|node:https|node:dgram)(\/|$)/;
const adapterFiles = /^registry\.ts$|^[a-z]+\/[a-z]+-(adapter|mqtt-session|ftps|http|digest)\.ts$/;

/** Every module a file loads at run time (type-only imports are erased), followed through relative imports. */
function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)";/gms)) {
      if (match[1]) continue;
      const specifier = match[2]!;
      if (specifier.startsWith("."))
        pending.push(resolve(dirname(file), specifier.endsWith(".ts") ? specifier : `${specifier}.ts`));
      else packages.add(specifier);
    }
  }
  return { files: [...files].map((f) => f.slice(src.length + 1)), packages: [...packages] };
}

describe("protocol-free entries", () => {
  for (const entry of ["kinds.ts", "index.ts", "core/connection-words.ts"]) {
    it(`${entry} loads only zod and plain data`, () => {
      const { files, packages } = runtimeImports(resolve(src, entry));
      expect(packages.filter((p) => protocolModules.test(p))).toEqual([]);
      expect(packages.filter((p) => p !== "zod")).toEqual([]);
      expect(files.filter((f) => adapterFiles.test(f))).toEqual([]);
    });
  }

  it("the walk sees the adapters behind the registry (so it can fail)", () => {
    const { files, packages } = runtimeImports(resolve(src, "registry.ts"));
    expect(packages).toEqual(expect.arrayContaining(["mqtt", "basic-ftp"]));
    expect(files).toEqual(
      expect.arrayContaining(["bambu/bambu-adapter.ts", "prusalink/prusalink-adapter.ts"]),
    );
  });
});
