// Matches state changes made in the simulators with the rows the SSE subscribers receive.
// A transition counts as delivered to a subscriber when that subscriber receives a row of the
// printer in the new state after the change was made; one never seen by the benchmark's own
// subscriber (number 0) before the next change of that printer or the end of the run is lost.
import type { FarmRowSeen } from "./farm-subscriber";

interface Transition {
  kind: "bambu" | "prusalink";
  at: number;
  paused: boolean;
  seenBy: Set<number>;
}

export class LatencyTracker {
  private readonly pending = new Map<string, Transition>();
  readonly endToEnd: Record<"bambu" | "prusalink", number[]> = { bambu: [], prusalink: [] };
  readonly fanOut: number[] = [];
  triggered = 0;
  lost = 0;

  constructor(private readonly subscribers: number) {}

  changed(printerId: string, kind: "bambu" | "prusalink", at: number, paused: boolean): void {
    const previous = this.pending.get(printerId);
    if (previous && !previous.seenBy.has(0)) this.lost++;
    this.triggered++;
    this.pending.set(printerId, { kind, at, paused, seenBy: new Set() });
  }

  seen(subscriber: number, row: FarmRowSeen): void {
    const t = this.pending.get(row.printerId);
    if (!t || t.seenBy.has(subscriber) || row.receivedAt < t.at) return;
    if ((row.state === "paused") !== t.paused) return;
    t.seenBy.add(subscriber);
    const ms = row.receivedAt - t.at;
    this.fanOut.push(ms);
    if (subscriber === 0) this.endToEnd[t.kind].push(ms);
    if (t.seenBy.size === this.subscribers) this.pending.delete(row.printerId);
  }

  /** Transitions the benchmark's subscriber has not received yet. */
  outstanding(): number {
    return [...this.pending.values()].filter((t) => !t.seenBy.has(0)).length;
  }

  /** Ends the run: what is still outstanding is lost. */
  finish(): void {
    this.lost += this.outstanding();
    this.pending.clear();
  }
}
