// `npm test`: the whole suite, as CI runs it. Installs what it needs (dependencies,
// Debian's chromium), then lint, typecheck, unit, integration and end-to-end tests.
// Exits non-zero on the first failing stage.
import { ensureChromium } from "./ensure-chromium.mjs";
import { installDependencies, pnpm } from "./pnpm.mjs";

const started = Date.now();
const stages = [
  ["lint, typecheck and unit tests", ["exec", "turbo", "run", "lint", "typecheck", "test", "--output-logs=errors-only", "--continue"]],
  ["integration tests", ["exec", "turbo", "run", "test:integration", "--concurrency=1", "--output-logs=full"]],
  ["end-to-end tests", ["exec", "turbo", "run", "test:e2e", "--concurrency=1", "--output-logs=full"]],
];

console.log("[printernizer] installing dependencies…");
installDependencies();
ensureChromium();

const results = [];
for (const [name, args] of stages) {
  console.log(`\n[printernizer] ${name}…`);
  const stageStart = Date.now();
  const status = pnpm(args);
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - stageStart) / 1000) });
  if (status !== 0) break;
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log("\n[printernizer] test stages:");
for (const r of results) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds} s)`);
for (const [name] of stages.slice(results.length)) console.log(`  skip ${name}`);
console.log(`[printernizer] total time ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`stages: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length === stages.length ? 0 : 1);
