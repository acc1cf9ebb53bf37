// One round of the dispatch scenario, measured: from queueing until every entry prints (or the
// round's time bound), sampling once a second how many prints have started, how many uploads
// the printers are receiving at once, and the worker's memory and CPU.
import type { Db } from "@printernizer/db";
import { sampleProcess } from "./proc-stats";
import type { SimFleet } from "./sim-fleet";

export interface RoundFigures {
  prestage: boolean;
  firstJobSeconds: number;
  entries: number;
  /** Entries printing when the round ended (equal to entries unless it ran out of time). */
  printing: number;
  failedStarts: number;
  /** Copies of the file already on the printers when the first job ended. */
  stagedAtFirstJobEnd: number;
  /** Seconds from the end of the first job until the first / every entry printed; null: never. */
  firstPrintingSeconds: number | null;
  allPrintingSeconds: number | null;
  /** Uploads the printers received at once, at most and on average while any ran. */
  parallelUploadsPeak: number;
  parallelUploadsMean: number;
  /** Seconds from the first upload's start until the last one was stored. */
  uploadWindowSeconds: number | null;
  workerRssPeakMiB: number;
  workerRssMeanMiB: number;
  /** Worker CPU (cores) on average, from queueing until the end of the round. */
  workerCpuCores: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (bytes: number) => round(bytes / 2 ** 20);

export async function measureRound(o: {
  db: Db;
  fleet: SimFleet;
  workerPid: number;
  libraryFileId: string;
  entries: number;
  prestage: boolean;
  firstJobSeconds: number;
  firstJobEndsAt: number;
  timeoutMs: number;
  log(line: string): void;
}): Promise<RoundFigures> {
  const { db } = o;
  const file = await db.libraryFile.findUniqueOrThrow({
    where: { id: o.libraryFileId },
    select: { sha256: true },
  });
  const uploadsBefore = await o.fleet.counters();
  const cpuBefore = sampleProcess(o.workerPid).cpuSeconds;
  const startedAt = Date.now();
  const rss: number[] = [];
  const parallel: number[] = [];
  let stagedAtFirstJobEnd: number | null = null;
  let firstPrintingAt: number | null = null;
  let allPrintingAt: number | null = null;
  let firstUploadAt: number | null = null;
  let lastStoredAt: number | null = null;
  let lastStored = 0;
  let printing = 0;
  let lastLog = 0;
  while (Date.now() - startedAt < o.timeoutMs) {
    const now = Date.now();
    const [started, counters] = await Promise.all([
      db.printStart.count({ where: { libraryFileId: o.libraryFileId, status: "started" } }),
      o.fleet.counters(),
    ]);
    printing = started;
    const begun = counters.uploadsStarted - uploadsBefore.uploadsStarted;
    const stored = counters.uploadsStored - uploadsBefore.uploadsStored;
    const active = begun - stored;
    if (begun > 0 && firstUploadAt === null) firstUploadAt = now;
    if (stored > lastStored) [lastStored, lastStoredAt] = [stored, now];
    if (active > 0) parallel.push(active);
    rss.push(sampleProcess(o.workerPid).rssBytes);
    if (stagedAtFirstJobEnd === null && now >= o.firstJobEndsAt)
      stagedAtFirstJobEnd = await db.stagedFile.count({ where: { sha256: file.sha256, status: "ready" } });
    if (now >= o.firstJobEndsAt && started > 0 && firstPrintingAt === null) firstPrintingAt = now;
    if (started >= o.entries && now >= o.firstJobEndsAt) {
      allPrintingAt = now;
      break;
    }
    if (now - lastLog > 30_000) {
      lastLog = now;
      const phase =
        now < o.firstJobEndsAt
          ? `first job ends in ${Math.round((o.firstJobEndsAt - now) / 1000)} s`
          : "first job over";
      o.log(`  ${phase}: ${stored} uploads stored, ${active} running, ${started}/${o.entries} printing`);
    }
    await sleep(1_000);
  }
  const cpuSeconds = sampleProcess(o.workerPid).cpuSeconds - cpuBefore;
  const failedStarts = await db.printStart.count({
    where: { libraryFileId: o.libraryFileId, status: "failed" },
  });
  const since = (at: number | null) =>
    at === null ? null : round(Math.max(0, at - o.firstJobEndsAt) / 1000);
  return {
    prestage: o.prestage,
    firstJobSeconds: o.firstJobSeconds,
    entries: o.entries,
    printing,
    failedStarts,
    stagedAtFirstJobEnd: stagedAtFirstJobEnd ?? 0,
    firstPrintingSeconds: since(firstPrintingAt),
    allPrintingSeconds: since(allPrintingAt),
    parallelUploadsPeak: parallel.length ? Math.max(...parallel) : 0,
    parallelUploadsMean: parallel.length ? round(parallel.reduce((a, b) => a + b, 0) / parallel.length) : 0,
    uploadWindowSeconds:
      firstUploadAt !== null && lastStoredAt !== null ? round((lastStoredAt - firstUploadAt) / 1000) : null,
    workerRssPeakMiB: rss.length ? mib(Math.max(...rss)) : 0,
    workerRssMeanMiB: rss.length ? mib(rss.reduce((a, b) => a + b, 0) / rss.length) : 0,
    workerCpuCores: round(cpuSeconds / ((Date.now() - startedAt) / 1000), 2),
  };
}
