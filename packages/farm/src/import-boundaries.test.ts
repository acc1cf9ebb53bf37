// The import boundaries of tooling/eslint/boundaries.js, checked through each package's own
// eslint config: a forbidden import is an error, an allowed one is not.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

async function restrictedImports(pkg: string, specifier: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: `${repoRoot}${pkg}`,
    // Only the import rule runs: no type information is needed for a file that does not exist.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === "no-restricted-imports",
  });
  const [result] = await eslint.lintText(
    `import * as probe from "${specifier}";\nexport const used = probe;\n`,
    { filePath: "src/boundary-probe.ts" },
  );
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? "parse"}: ${message.message}`);
}

const forbidden: [pkg: string, specifier: string, why: RegExp][] = [
  ["packages/farm", "@trpc/server", /never import the tRPC layer/],
  ["packages/farm", "@printernizer/api", /never import the tRPC layer/],
  ["packages/farm", "@printernizer/printers/bambu", /Vendor folders are private/],
  ["packages/api", "@printernizer/printers/prusalink", /Vendor folders are private/],
  ["apps/web", "@printernizer/printers/bambu", /Vendor folders are private/],
  ["apps/worker", "@printernizer/printers/prusalink", /Vendor folders are private/],
  ["apps/web", "@printernizer/printers/registry", /never loads protocol adapters/],
  ["packages/api", "mqtt", /never loads protocol adapters/],
  ["packages/farm", "basic-ftp", /never loads protocol adapters/],
  ["packages/db", "@printernizer/worker", /Apps are processes, not libraries/],
  ["packages/ui", "@printernizer/web/src/app/layout", /Apps are processes, not libraries/],
];

const allowed: [pkg: string, specifier: string][] = [
  ["packages/farm", "@printernizer/db"],
  ["packages/api", "@printernizer/farm/commands"],
  ["apps/web", "@printernizer/printers/kinds"],
  ["apps/worker", "@printernizer/printers/registry"],
];

describe("import boundaries", () => {
  it.each(forbidden)("%s may not import %s", async (pkg, specifier, why) => {
    const messages = await restrictedImports(pkg, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(why);
  });

  it.each(allowed)("%s may import %s", async (pkg, specifier) => {
    expect(await restrictedImports(pkg, specifier)).toEqual([]);
  });
});
