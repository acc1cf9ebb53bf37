// `bench --profile-web DIR --pg-stats` end to end on the smoke fleet: the web app's CPU profile is
// written when the bench stops it, profile-summary.ts attributes it to the web's subsystems through
// the build's source maps, and PostgreSQL's top statements of the window are in the table and JSON.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResult } from "./bench-result";
import { runTsx } from "./run-tsx.testing";

const outDir = mkdtempSync(path.join(tmpdir(), "pz-bench-profiling-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bench --profile-web --pg-stats", () => {
  it("writes the web app's CPU profile, attributes it, and reports PostgreSQL's top statements", async () => {
    const json = path.join(outDir, "smoke.json");
    const profileDir = path.join(outDir, "web-profile");
    const bench = await runTsx([
      "src/cli.ts",
      ...["--smoke", "--no-failover", "--pg-stats", "--profile-web", profileDir, "--json", json],
    ]);
    expect(bench.code, bench.output).toBe(0);
    expect(bench.output).toContain("PostgreSQL, top");

    const result = JSON.parse(readFileSync(json, "utf8")) as BenchResult;
    const statements = result.pgStats?.statements ?? [];
    expect(statements.length, JSON.stringify(result.pgStats)).toBeGreaterThan(0);
    expect(statements.length).toBeLessThanOrEqual(15);
    // the worker's status writes happen in every window
    expect(statements.some((s) => s.query.includes("LiveStatus"))).toBe(true);
    for (const s of statements) expect(s.calls).toBeGreaterThan(0);

    const profiles = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
    expect(profiles).toHaveLength(1);
    const summary = await runTsx(["src/profile-summary.ts", path.join(profileDir, profiles[0]!)]);
    expect(summary.code, summary.output).toBe(0);
    // Mapped through the source maps: superjson, tRPC and packages/farm are bundled into minified
    // chunks by `next build`, so without the mapping none of them could get any time.
    const shares = new Map(
      [...summary.output.matchAll(/^\s+([\d.]+)%\s+(.+)$/gm)].map((m) => [m[2]!.trim(), Number(m[1])]),
    );
    for (const subsystem of ["superjson (serializing rows)", "tRPC", "farm live stream / farm cache"])
      expect(shares.get(subsystem), summary.output).toBeGreaterThan(0);
  });
});
