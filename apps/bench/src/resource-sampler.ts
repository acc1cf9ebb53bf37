// Memory during the measured window, sampled every second: the worker's RSS, the web app's (with
// any process it forks), PostgreSQL's PSS (its processes share their buffers: summed RSS would
// count them once per backend) and the simulator processes' RSS, apart from ours. The figure the
// issue compares is the peak of worker + web + PostgreSQL, sampled together.
import { sampleProcess, sampleProcessTree, treePssBytes } from "./proc-stats";

export interface ResourceSamples {
  /** The worker's RSS at each sample (its steady memory is their mean). */
  workerRssBytes: number[];
  webPeakRssBytes: number;
  postgresPeakPssBytes: number;
  /** Peak of worker RSS + web RSS + PostgreSQL PSS at the same sample. */
  totalPeakBytes: number;
  simulatorsPeakRssBytes: number;
}

export async function sampleResources(o: {
  until: number;
  worker: number;
  web: number;
  postgres: number;
  simulators: number[];
  intervalMs?: number;
}): Promise<ResourceSamples> {
  const samples: ResourceSamples = {
    workerRssBytes: [],
    webPeakRssBytes: 0,
    postgresPeakPssBytes: 0,
    totalPeakBytes: 0,
    simulatorsPeakRssBytes: 0,
  };
  while (Date.now() < o.until) {
    const worker = sampleProcess(o.worker).rssBytes;
    const web = sampleProcessTree(o.web).rssBytes;
    const postgres = treePssBytes(o.postgres);
    const simulators = o.simulators.reduce((sum, pid) => sum + sampleProcess(pid).rssBytes, 0);
    samples.workerRssBytes.push(worker);
    samples.webPeakRssBytes = Math.max(samples.webPeakRssBytes, web);
    samples.postgresPeakPssBytes = Math.max(samples.postgresPeakPssBytes, postgres);
    samples.totalPeakBytes = Math.max(samples.totalPeakBytes, worker + web + postgres);
    samples.simulatorsPeakRssBytes = Math.max(samples.simulatorsPeakRssBytes, simulators);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 1_000));
  }
  return samples;
}
