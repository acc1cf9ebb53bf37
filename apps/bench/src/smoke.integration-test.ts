// The benchmark's smoke mode (20 printers, 20 s) end to end, so the harness keeps working:
// it checks that every figure is produced, never how fast anything is (that is for the curve
// in docs/benchmarks.md).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResult } from "./bench-result";
import { runTsx } from "./run-tsx.testing";

const runCli = (args: string[]) => runTsx(["src/cli.ts", ...args]);
const outDir = mkdtempSync(path.join(tmpdir(), "pz-bench-smoke-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);

describe("bench --smoke", () => {
  it("runs the whole benchmark and produces every figure, in the table and in the JSON", async () => {
    const json = path.join(outDir, "smoke.json");
    const { code, output } = await runCli(["--smoke", "--json", json]);
    expect(code, output).toBe(0);
    for (const label of [
      "reports ingested",
      "worker CPU",
      "state change → SSE, Bambu",
      "state change → SSE, Prusa",
      "worker RSS",
      "database writes",
      "farm.list (the farm)",
      "SSE fan-out",
      "failover",
      "machine load (1 / 5 / 15 min)",
      "quiet machine before the measured window",
      "quiet machine before failover",
      "total CPU (worker + web + postgres)",
      "total memory (worker + web + postgres)",
      "simulators (their own processes)",
      "bytes per client",
      "targets are set for 2,000 printers; this run had 20",
    ]) {
      expect(output).toContain(label);
    }
    const result = JSON.parse(readFileSync(json, "utf8")) as BenchResult;
    expect(result.options).toMatchObject({ printers: 20, bambu: 10, prusa: 10, durationSeconds: 20 });
    for (const figure of [
      result.ingest.reportsPerSecond,
      result.ingest.workerCpuSecondsPer1000Reports,
      result.memory.workerPeakRssMiB,
      result.memory.rssPerPrinterKiB,
      result.database.rowsPerSecond,
      result.database.rowsPerPrinterMinute,
      result.fanOut.webCpuCores,
      result.failover?.seconds,
      result.setup.connectSeconds,
      result.fanOut.bytesPerSecondPerClient,
      result.totals?.cpuCores,
      result.totals?.cpuSecondsPer1000Reports,
      result.totals?.peakRssMiB,
      result.totals?.postgresPssMiB,
      result.simulators?.cpuCores,
      result.simulators?.rssMiB,
      result.machine.before?.load1,
      result.machine.after?.uptimeSeconds,
    ]) {
      expect(isNumber(figure), JSON.stringify(result, null, 2)).toBe(true);
    }
    for (const summary of [
      result.latency.bambu,
      result.latency.prusa,
      result.queries.farmList,
      result.fanOut.delivery,
    ]) {
      expect(summary.count).toBeGreaterThan(0);
      expect(isNumber(summary.p50) && isNumber(summary.p95) && isNumber(summary.p99)).toBe(true);
    }
    // the stream carried bytes; PostgreSQL's memory is counted (PSS of its processes); the totals hold their parts
    expect(result.fanOut.bytesPerSecondPerClient).toBeGreaterThan(0);
    expect(result.totals!.postgresPssMiB).toBeGreaterThan(0);
    expect(result.totals!.peakRssMiB).toBeGreaterThan(result.memory.workerPeakRssMiB * 0.5);
    expect(result.totals!.cpuCores).toBeGreaterThanOrEqual(result.ingest.workerCpuCores);
    expect(result.simulators!.rssMiB).toBeGreaterThan(0);
    // a quiet-machine check before the window and before failover, each with its figures
    expect(result.quiet?.map((q) => q.before)).toEqual(["the measured window", "failover"]);
    for (const q of result.quiet!) expect(isNumber(q.load) && isNumber(q.otherLoad)).toBe(true);
    // every target of the issue, with its verdict
    expect(result.targets?.map((t) => t.id)).toEqual([
      "connect",
      "workerCpu",
      "workerRss",
      "webCpu",
      "bambuP95",
      "prusaP95",
      "farmListP95",
      "lost",
      "failover",
    ]);
    for (const t of result.targets!) expect(typeof t.met).toBe("boolean");
    expect(result.latency.transitions).toBeGreaterThan(0);
    expect(isNumber(result.latency.lost)).toBe(true);
  });

  it("refuses bad arguments with a clear message", async () => {
    const { code, output } = await runCli(["--printers", "0"]);
    expect(code).toBe(2);
    expect(output).toContain("--printers must be at least 1");
  });
});
