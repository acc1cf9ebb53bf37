// Rounding and CPU samples shared by our run and the peer's (run-bench.ts, peer/run-peer.ts).
import { sampleProcess } from "./proc-stats";
import type { SimFleet } from "./sim-fleet";

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
export const mib = (bytes: number) => round(bytes / 2 ** 20, 1);

/** CPU seconds of the benchmark's own process (its SSE subscribers or socket.io clients run in it). */
export function benchmarkCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of the simulator processes, apart from ours. */
export const simulatorsCpuSeconds = (fleet: SimFleet) =>
  fleet.hosts.reduce((sum, h) => sum + sampleProcess(h.pid).cpuSeconds, 0);
