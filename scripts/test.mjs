// `npm test`: the whole suite, as CI runs it. Installs what it needs (dependencies,
// Debian's chromium), then formatting (prettier --check), lint + typecheck, unit, integration and end-to-end tests.
// Stops at the first failing stage, exits non-zero, and closes with one summary line
// counting the tests the runners reported.
import { spawn } from "node:child_process";
import { ensureChromium } from "./ensure-chromium.mjs";
import { installDependencies, pnpmVersion, root } from "./pnpm.mjs";

const started = Date.now();
const turbo = (...args) => ["exec", "turbo", "run", ...args];
const stages = [
  ["formatting", ["exec", "prettier", "--check", "--log-level=warn", "."]],
  ["lint and typecheck", turbo("lint", "typecheck", "--output-logs=errors-only", "--continue")],
  ["unit tests", turbo("test", "--output-logs=full", "--continue")],
  ["integration tests", turbo("test:integration", "--concurrency=1", "--output-logs=full", "--continue")],
  ["end-to-end tests", turbo("test:e2e", "--concurrency=1", "--output-logs=full")],
];

const counts = { passed: 0, failed: 0, skipped: 0 };
/** Names of failed tests, repeated at the very end so a log's last lines say what broke. */
const failures = new Set();
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;

/** Reads the runners' own summary lines: vitest ("Tests  3 failed | 40 passed (43)") and Playwright ("  12 passed (1.2m)"). */
function count(line) {
  const plain = line.replace(ansi, "");
  noteFailure(plain);
  const vitest = /\bTests\s+(.+)\(\d+\)\s*$/.exec(plain);
  const parts = vitest
    ? vitest[1]
    : /^(?:\S+:\s*)?\s*(\d+ (?:passed|failed|skipped|flaky)(?: \(.*\))?)\s*$/.exec(plain)?.[1];
  if (!parts) return;
  for (const [, n, what] of parts.matchAll(/(\d+) (passed|failed|skipped|flaky)/g)) {
    if (what === "flaky") counts.failed += Number(n);
    else counts[what] += Number(n);
  }
}

/** Vitest: " FAIL  src/a.test.ts > suite > name"; Playwright: "  1) [chromium] › a.spec.ts:3:1 › name". */
function noteFailure(plain) {
  const text = plain.replace(/^@printernizer\/[\w-]+:[\w:-]+:\s?/, "");
  const vitest = /^\s*FAIL\s+(\S.*\S)\s*$/.exec(text);
  const playwright = /^\s*\d+\) (\[[^\]]+\] › .+)$/.exec(text);
  const name = vitest?.[1] ?? playwright?.[1];
  if (name && failures.size < 40) failures.add(name.slice(0, 300));
}

function runStage(args) {
  return new Promise((resolve) => {
    const child = spawn("npx", ["-y", `pnpm@${pnpmVersion}`, ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        TURBO_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
        FORCE_COLOR: "0",
      },
    });
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      lines.forEach(count);
    });
    child.on("close", (code) => {
      if (buffered) count(buffered);
      resolve(code ?? 1);
    });
  });
}

console.log("[printernizer] installing dependencies…");
installDependencies();
ensureChromium();

const results = [];
for (const [name, args] of stages) {
  console.log(`\n[printernizer] ${name}…`);
  const stageStart = Date.now();
  const status = await runStage(args);
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - stageStart) / 1000) });
  if (status !== 0) break;
}
const allOk = results.length === stages.length && results.every((r) => r.ok);
console.log("\n[printernizer] test stages:");
for (const r of results) console.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds} s)`);
for (const [name] of stages.slice(results.length)) console.log(`  skip ${name}`);
if (failures.size > 0) {
  console.log("[printernizer] failed tests:");
  for (const name of failures) console.log(`  ${name}`);
}
console.log(`[printernizer] total time ${Math.round((Date.now() - started) / 1000)} s`);
// A failed stage without a failed test (lint, typecheck, a crash) still counts as one failure.
if (!allOk && counts.failed === 0) counts.failed = 1;
console.log(
  `tests: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
);
process.exit(allOk ? 0 : 1);
