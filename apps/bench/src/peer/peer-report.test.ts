import { describe, expect, it } from "vitest";
import { summarize } from "../percentiles";
import { comparePeer, formatPeerComparison, type OurFigures } from "./peer-report";
import { peerMarkdown } from "./peer-table";
import type { PeerResult } from "./run-peer";

const load = { load1: 1, load5: 1, load15: 1, uptimeSeconds: 100 };
const peer: PeerResult = {
  name: "FDM Monster",
  version: "2.1.1",
  clientVersion: "2.3.3",
  options: { printers: 100, bambu: 50, prusa: 50, durationSeconds: 60, subscribers: 10 },
  machine: { before: load, after: load },
  setup: { startSeconds: 3, connectSeconds: 8 },
  ingest: { reportsPerSecond: 70, bambuReportsPerSecond: 50, prusaRequestsPerSecond: 20 },
  cpu: { cores: 0.2, cpuSecondsPer1000Reports: 2.8 },
  memory: { peakRssMiB: 300, highWaterMiB: 310 },
  list: summarize([10, 30]),
  cpuShare: { peer: 0.2, simulators: 0.3, benchmark: 0.1 },
  latency: { bambu: summarize([400, 480]), prusa: summarize([2000, 5000]), transitions: 20, lost: 3 },
  fanOut: {
    subscribers: 10,
    delivery: summarize([400]),
    bytesPerSecondPerClient: 500_000,
    updatesPerSecondPerClient: 2,
    errors: 0,
  },
  notes: ["raw report"],
};
const ours: OurFigures = {
  setup: { connectSeconds: 4 },
  ingest: { reportsPerSecond: 75 },
  latency: { bambu: summarize([100, 200]), prusa: summarize([900, 6000]), transitions: 20, lost: 0 },
  fanOut: { subscribers: 10, bytesPerSecondPerClient: 40_000 },
  queries: { farmList: summarize([5, 20]) },
  totals: { cpuCores: 0.2, cpuSecondsPer1000Reports: 3.1, peakRssMiB: 290 },
  machine: { loadAverage: { start: 1, end: 2 } },
};

describe("ours and the peer side by side", () => {
  it("marks each row ahead or not: level CPU counts, slower Prusa p95 and more CPU per report do not", () => {
    const ahead = Object.fromEntries(comparePeer(ours, peer).map((r) => [r.figure, r.ahead]));
    expect(ahead).toEqual({
      "CPU cores (all its processes)": true,
      "CPU s per 1,000 reports handled": false,
      "peak memory": true,
      "all printers connected": true,
      "Bambu change → client": true,
      "PrusaLink change → client": false,
      "printer list (farm.list / GET /api/v2/printer)": true,
      "transitions lost": true,
      "bytes/s per client": true,
    });
  });

  it("compares nothing without our run (--peer-only), and a peer that never connected everything is behind", () => {
    expect(comparePeer(undefined, peer).every((r) => r.ahead === null && r.ours === "—")).toBe(true);
    const slow = { ...peer, setup: { startSeconds: 3, connectSeconds: null, connectNote: "90 of 100" } };
    const row = comparePeer(ours, slow).find((r) => r.figure === "all printers connected")!;
    expect(row).toMatchObject({ peer: "not all: 90 of 100", ahead: true });
  });

  it("prints both columns in the same units, with the load and the notes", () => {
    const text = formatPeerComparison(ours, peer);
    expect(text).toContain("FDM Monster 2.1.1");
    expect(text).toMatch(/bytes\/s per client\s+0\.040 MB\/s \(SSE\)\s+0\.500 MB\/s/);
    expect(text).toContain("ours 1 → 2");
    expect(text).toContain("note: raw report");
  });

  it("writes the Markdown table of a run's JSON, and says so when a run has no peer", () => {
    const table = peerMarkdown({ ...ours, peer }, "n100.json");
    expect(table).toContain("| figure | Printernizer | FDM Monster 2.1.1 | we are ahead |");
    expect(table).toContain(
      "| PrusaLink change → client | p50 900 ms, p95 6000 ms (n=2) | p50 2000 ms, p95 5000 ms (n=2) | **no** |",
    );
    expect(peerMarkdown({ peer }, "peer-only.json")).toContain("| all printers connected | — | 8 s | – |");
    expect(peerMarkdown(ours, "old.json")).toBe(
      "old.json: no peer in this run (made without --peer fdm-monster)",
    );
  });
});
