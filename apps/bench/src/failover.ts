// Failover: a second worker takes its fair share of the fleet and is killed with SIGKILL; the
// figure is the time from the kill until the first worker owns and has reconnected every printer
// (status row `connected`, written by it). The waits grow with the fleet and with the connect
// time the run measured; a part that does not finish in time is said ("not within N s"), and a
// second worker that got only part of its share is killed anyway, with that said.
import { bounds } from "./bench-bounds";
import { connectedCount, type BenchDatabase } from "./bench-database";
import type { BenchChild } from "./child-processes";
import { within } from "./wait-for";

export interface StartedWorker {
  child: BenchChild;
  url: string;
  id: string;
}

export interface FailoverResult {
  seconds: number | null;
  printersMoved: number;
  /** Printers the first worker had connected again when the wait ended (all of them when `seconds` is set). */
  reconnected?: number;
  note?: string;
}

const round = (value: number) => Math.round(value * 10) / 10;

export async function measureFailover(o: {
  db: BenchDatabase["db"];
  startWorker(id: string): Promise<StartedWorker>;
  workerA: StartedWorker;
  printers: number;
  /** How long the first worker took to connect the fleet (null: not all within its bound). */
  connectSeconds: number | null;
  /** Runs right before the kill (the benchmark waits for a quiet machine there). */
  beforeKill(): Promise<void>;
  log(line: string): void;
}): Promise<FailoverResult> {
  const { db, printers, log } = o;
  log("failover: starting a second worker and waiting for the fleet to split");
  const workerB = await o.startWorker("bench-worker-b");
  const half = Math.floor(printers / 2);
  const ownedByB = () => db.printerLease.count({ where: { ownerId: workerB.id } });
  const shareBound = bounds.failoverShareSeconds(printers, o.connectSeconds);
  const split = await within(
    shareBound,
    async () => {
      const owned = await ownedByB();
      return (
        owned >= half &&
        (await connectedCount(db)) === printers &&
        (await connectedCount(db, workerB.id)) === owned
      );
    },
    1_000,
  );
  const moved = await ownedByB();
  const connectedByB = await connectedCount(db, workerB.id);
  let shareNote: string | undefined;
  if (split === null) {
    shareNote = `the second worker had ${connectedByB} of its ${half} printers connected (owning ${moved}) after ${shareBound} s`;
    if (connectedByB === 0) {
      await workerB.child.stop(5_000);
      return { seconds: null, printersMoved: moved, note: `not measured: ${shareNote}` };
    }
    log(`failover: ${shareNote}; killing it anyway`);
  }
  await o.beforeKill();
  log(`failover: killing the second worker (it owns ${moved} printers)`);
  const killedAt = Date.now();
  workerB.child.process.kill("SIGKILL");
  await workerB.child.exited;
  const reconnectBound = bounds.failoverReconnectSeconds(printers, o.connectSeconds);
  const back = await within(
    reconnectBound,
    async () =>
      (await db.printerLease.count({ where: { ownerId: o.workerA.id } })) === printers &&
      (await connectedCount(db, o.workerA.id)) === printers,
    250,
  );
  const reconnected = await connectedCount(db, o.workerA.id);
  if (back === null) {
    const note = `not within ${reconnectBound} s: ${reconnected} of ${printers} printers connected to the first worker`;
    log(`failover: ${note}`);
    return {
      seconds: null,
      printersMoved: moved,
      reconnected,
      note: shareNote ? `${note}; ${shareNote}` : note,
    };
  }
  const seconds = round((Date.now() - killedAt) / 1000);
  log(`failover: ${moved} printers back on the first worker after ${seconds} s`);
  return { seconds, printersMoved: moved, reconnected, ...(shareNote ? { note: shareNote } : {}) };
}
