// `--peer fdm-monster --peer-only` end to end against 4 simulated printers: the real FDM Monster
// (the scratch install; installing it takes minutes, so a machine without it skips this and says
// how to install it), its first-run setup, the batch, socket.io clients and every figure produced.
// It checks that the peer run works and what it reads, never how fast FDM Monster is.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultFdmDir, isFdmMonsterInstalled } from "./fdm-install";
import { runTsx } from "../run-tsx.testing";
import type { PeerResult } from "./run-peer";

const outDir = mkdtempSync(path.join(tmpdir(), "pz-bench-peer-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));
// Not installed: the skipped test's title and a warning say so (CI on the bench machine has it).
const notInstalled = isFdmMonsterInstalled()
  ? undefined
  : `FDM Monster is not installed in ${defaultFdmDir()} (npm run bench -- --peer fdm-monster --peer-only --smoke installs it)`;
if (notInstalled) console.warn(`the peer test is SKIPPED: ${notInstalled}`);

describe("bench --peer fdm-monster --peer-only", () => {
  const title = "registers the simulated printers with FDM Monster and measures it over socket.io";
  it.skipIf(notInstalled)(notInstalled ? `${title} — SKIPPED: ${notInstalled}` : title, async () => {
    const json = path.join(outDir, "peer.json");
    const args = ["--peer", "fdm-monster", "--peer-only", "--printers", "4", "--duration", "12"];
    const { code, output } = await runTsx(["src/cli.ts", ...args, "--subscribers", "2", "--json", json]);
    expect(code, output).toBe(0);
    expect(output).toContain("all 4 printers connected");
    expect(output).toMatch(/figure\s+Printernizer\s+FDM Monster 2\.1\.1/);
    const { peer } = JSON.parse(readFileSync(json, "utf8")) as { peer: PeerResult };
    expect(peer.options).toMatchObject({ printers: 4, bambu: 2, prusa: 2, subscribers: 2 });
    expect(peer.setup.connectSeconds).toBeGreaterThan(0);
    // Both kinds report to it (Bambu over MQTT, PrusaLink polled) and it broadcasts twice a second.
    expect(peer.ingest.bambuReportsPerSecond).toBeGreaterThan(0);
    expect(peer.ingest.prusaRequestsPerSecond).toBeGreaterThan(0);
    expect(peer.fanOut.updatesPerSecondPerClient).toBeGreaterThan(1);
    expect(peer.fanOut.bytesPerSecondPerClient).toBeGreaterThan(0);
    expect(peer.cpu.cores).toBeGreaterThan(0);
    expect(peer.memory.peakRssMiB).toBeGreaterThan(50);
    // 4 printers, a change every 2.5 s for 12 s: pauses and resumes of both kinds reach its clients.
    expect(peer.latency.transitions).toBeGreaterThanOrEqual(4);
    expect(peer.latency.bambu.count + peer.latency.prusa.count).toBeGreaterThan(0);
    expect(peer.latency.prusa.count).toBeGreaterThan(0);
    expect(peer.fanOut.errors).toBe(0);
  });
});
