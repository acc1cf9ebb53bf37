#!/usr/bin/env node
// Prints the side-by-side comparison with the peer as Markdown, one table per benchmark JSON file
// that has a `peer` (a run with --peer fdm-monster, or a --peer-only run's {peer}):
//   node --import tsx src/peer/peer-table.ts ../../bench-results/peer-n100.json ../../bench-results/peer-n500.json
// (docs/benchmarks.md's comparison is made with it, so the document and the JSON files agree).
import { readFileSync } from "node:fs";
import { comparePeer, type OurFigures } from "./peer-report";
import type { PeerResult } from "./run-peer";

export function peerMarkdown(run: Partial<OurFigures> & { peer?: PeerResult }, file: string): string {
  const { peer } = run;
  if (!peer) return `${file}: no peer in this run (made without --peer fdm-monster)`;
  const ours = run.setup && run.latency ? (run as OurFigures) : undefined;
  const o = peer.options;
  const cells = comparePeer(ours, peer).map(
    (r) => `| ${r.figure} | ${r.ours} | ${r.peer} | ${r.ahead === null ? "–" : r.ahead ? "yes" : "**no**"} |`,
  );
  return [
    `**${o.printers} printers** (${o.bambu} Bambu, ${o.prusa} PrusaLink), ${o.durationSeconds} s, ${o.subscribers} clients; load average ${ours ? `${ours.machine.loadAverage.start} → ${ours.machine.loadAverage.end} (ours), ` : ""}${peer.machine.before.load1} → ${peer.machine.after.load1} (peer) — \`${file}\``,
    "",
    `| figure | Printernizer | ${peer.name} ${peer.version} | we are ahead |`,
    "| --- | --- | --- | --- |",
    ...cells,
  ].join("\n");
}

if (import.meta.filename === process.argv[1]) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error("usage: peer-table <result.json>...");
    process.exit(2);
  }
  const tables = files.map((f) =>
    peerMarkdown(JSON.parse(readFileSync(f, "utf8")) as OurFigures & { peer?: PeerResult }, f),
  );
  process.stdout.write(`${tables.join("\n\n")}\n`);
}
