// The measured window's state changes, by the rule of our own run (run-bench.ts): every printer
// in turn, in a random order, at most one change per printer every 10 s and at most 20 changes a
// second; each pause or resume is made in the simulator and its wall-clock time handed to the tracker.
import type { LatencyTracker } from "../latency-tracker";
import type { SimFleet } from "../sim-fleet";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function driveStateChanges(o: {
  fleet: SimFleet;
  /** The tracker's id of each fleet printer, by its index in the fleet. */
  ids: readonly string[];
  tracker: LatencyTracker;
  until: number;
}): Promise<void> {
  const order = o.ids.map((_, i) => i).sort(() => Math.random() - 0.5);
  const changesPerSecond = Math.min(o.ids.length / 10, 20);
  for (let k = 0; Date.now() < o.until; k++) {
    const index = order[k % order.length]!;
    const toggled = await o.fleet.toggle(index);
    if (toggled.ok)
      o.tracker.changed(o.ids[index]!, o.fleet.printers[index]!.kind, toggled.at, toggled.paused);
    await sleep(1000 / changesPerSecond);
  }
}
