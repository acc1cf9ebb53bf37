// The measured window's state changes, the same rule for our run (measured-window.ts) and the
// peer's (peer/run-peer.ts): every printer in turn, in a random order, at most one change per
// printer every 10 s and at most 20 changes a second; each pause or resume is made in the
// simulator and its wall-clock time handed to the tracker.
import type { LatencyTracker } from "./latency-tracker";
import type { SimFleet } from "./sim-fleet";
import { sleep } from "./wait-for";

export const changesPerSecondOf = (printers: number) => Math.min(printers / 10, 20);

export async function driveStateChanges(o: {
  fleet: SimFleet;
  /** The tracker's id of each fleet printer, by its index in the fleet. */
  ids: readonly string[];
  tracker: LatencyTracker;
  until: number;
}): Promise<void> {
  const order = o.ids.map((_, i) => i).sort(() => Math.random() - 0.5);
  const changesPerSecond = changesPerSecondOf(o.ids.length);
  for (let k = 0; Date.now() < o.until; k++) {
    const index = order[k % order.length]!;
    const toggled = await o.fleet.toggle(index);
    if (toggled.ok)
      o.tracker.changed(o.ids[index]!, o.fleet.printers[index]!.kind, toggled.at, toggled.paused);
    await sleep(1000 / changesPerSecond);
  }
}
