// The command line's side of `--peer fdm-monster`: the measurement handed to our run, the time
// it may take, and `--peer-only` (the peer alone: its table and JSON, then exit).
import type { BenchArgs } from "../bench-options";
import { stopAllChildren } from "../child-processes";
import { childLogOf, writeFigures } from "../cli-output";
import type { SimFleet } from "../sim-fleet";
import { isFdmMonsterInstalled } from "./fdm-install";
import { runPeerOnly } from "./peer-only";
import { formatPeerComparison } from "./peer-report";
import { measurePeer, type PeerResult } from "./run-peer";

/** Install (first use: npm and a compile of better-sqlite3), start, connect, window, last changes. */
export function peerBoundSeconds(printers: number, durationSeconds: number): number {
  return (isFdmMonsterInstalled() ? 0 : 1_200) + 120 + 60 + printers * 0.3 + 5 + durationSeconds + 60 + 30;
}

export function peerMeasurement(a: BenchArgs): (fleet: SimFleet) => Promise<PeerResult> {
  return (fleet) =>
    measurePeer({
      fleet,
      durationSeconds: a.duration,
      subscribers: a.subscribers,
      log: (line) => process.stderr.write(`[bench] ${line}\n`),
      childLog: childLogOf(a.verbose),
    });
}

export async function runPeerCli(a: BenchArgs, say: (line: string) => void): Promise<never> {
  try {
    const result = await runPeerOnly({
      printers: a.printers,
      bambuShare: a.bambuShare,
      printersPerHost: a.printersPerHost,
      durationSeconds: a.duration,
      subscribers: a.subscribers,
      log: say,
      childLog: childLogOf(a.verbose),
    });
    process.stdout.write(`\n${formatPeerComparison(undefined, result.peer)}\n`);
    writeFigures(a.json, result, say);
    process.exit(0);
  } catch (error) {
    console.error(`[bench] peer run failed: ${error instanceof Error ? error.message : String(error)}`);
    await stopAllChildren(3_000);
    process.exit(1);
  }
}
