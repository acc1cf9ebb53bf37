// `--peer fdm-monster --peer-only`: the peer alone against the simulated farm (no database,
// worker or web app of ours), for working on the peer run without waiting for our own window.
import { machineLoad } from "../machine-quiet";
import { planFleet, startSimFleet, type SimFleet } from "../sim-fleet";
import { measurePeer, type PeerResult } from "./run-peer";

export async function runPeerOnly(o: {
  printers: number;
  bambuShare: number;
  printersPerHost: number;
  durationSeconds: number;
  subscribers: number;
  log(line: string): void;
  childLog(line: string): void;
}): Promise<{ startedAt: string; peer: PeerResult }> {
  const startedAt = new Date().toISOString();
  let fleet: SimFleet | undefined;
  try {
    const plan = planFleet(o.printers, o.bambuShare);
    o.log(`starting ${o.printers} simulated printers (load average ${machineLoad().load1})`);
    fleet = await startSimFleet({
      plan,
      printersPerHost: o.printersPerHost,
      timeoutMs: 120_000 + o.printers * 500,
      log: o.childLog,
    });
    const peer = await measurePeer({
      fleet,
      durationSeconds: o.durationSeconds,
      subscribers: o.subscribers,
      log: o.log,
      childLog: o.childLog,
    });
    return { startedAt, peer };
  } finally {
    await fleet?.stop();
  }
}
