// A farm of simulated PrusaLink printers for e2e tests: N simulators on loopback addresses of
// one /16 block (127.<block>.x.y), registered in one statement the way the bench and the admin
// page leave them (sealed credentials), half of them printing a long job. stop() removes the
// rows (and the events they logged) before it stops the simulators, so later specs see the farm
// they expect.
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { sealForE2e, withE2eDatabase } from "./database";

export interface SimFarm {
  ids: string[];
  names: string[];
  sims: PrusaLinkSimulator[];
  /** Indexes of the printers that print (the even ones); the others are idle. */
  printing: number[];
  /** How many of this farm's printers the worker reports connected. */
  connected(): Promise<number>;
  /** Pauses a printing printer or resumes a paused one; false if it did not change. */
  toggle(index: number): boolean;
  stop(): Promise<void>;
}

const password = "e2e-farm-pass";
const printFile = "farm_0.4n_0.2mm_PLA_MK4.gcode";

export async function startSimFarm(o: { count: number; block: number; prefix: string }): Promise<SimFarm> {
  if (o.count > 250 * 250) throw new Error(`a /16 block holds at most ${250 * 250} simulators`);
  const run = Date.now().toString(36);
  const sims: PrusaLinkSimulator[] = [];
  const paused = new Set<number>();
  const ids = Array.from({ length: o.count }, (_, i) => `e2e-${o.prefix}-${run}-${i}`);
  const names = ids.map((_, i) => `E2E ${o.prefix} MK4 ${String(i + 1).padStart(4, "0")}`);
  const printing = ids.map((_, i) => i).filter((i) => i % 2 === 0);
  const stop = async () => {
    await withE2eDatabase(async (db) => {
      await db.query(`DELETE FROM "Printer" WHERE id = ANY($1)`, [ids]);
      await db.query(`DELETE FROM "PrinterEvent" WHERE "printerId" = ANY($1)`, [ids]);
    });
    await Promise.allSettled(sims.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < o.count; i += 25) {
      const batch = ids.slice(i, i + 25).map((_, k) => i + k);
      sims.push(
        ...(await Promise.all(
          batch.map((n) =>
            new PrusaLinkSimulator({
              host: `127.${o.block}.${Math.floor(n / 250)}.${(n % 250) + 1}`,
              port: 0,
              name: names[n],
              password,
              seedFiles: false,
            }).start(),
          ),
        )),
      );
    }
    for (const i of printing) {
      const sim = sims[i]!;
      sim.storage.addFile(sim.storage.root, printFile, Buffer.from("; e2e farm print\nG28\n"), {
        printSeconds: 24 * 3600,
      });
      if (!sim.startPrint(`/${sim.storage.rootName}/${printFile}`))
        throw new Error(`simulator ${i} did not start its print`);
    }
    const values: string[] = [];
    const params: unknown[] = [];
    sims.forEach((sim, i) => {
      const p = params.length;
      values.push(
        `($${p + 1}, 'prusalink', $${p + 2}, $${p + 3}, $${p + 4}, 'MK4', $${p + 5}, $${p + 6}, now())`,
      );
      params.push(
        ids[i],
        names[i],
        sim.host,
        sim.port,
        sealForE2e({ username: "maker", password }),
        JSON.stringify({ pollIntervalMs: 2_000 }),
      );
    });
    await withE2eDatabase((db) =>
      db.query(
        `INSERT INTO "Printer" (id, kind, name, host, port, model, credentials, settings, "updatedAt") VALUES ${values.join(", ")}`,
        params,
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ids,
    names,
    sims,
    printing,
    connected: () =>
      withE2eDatabase(async (db) => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "LiveStatus" WHERE connected AND "printerId" = ANY($1)`,
          [ids],
        );
        return rows[0]?.n ?? 0;
      }),
    toggle: (index) => {
      const engine = sims[index]!.engine;
      const ok = paused.has(index) ? engine.resume() : engine.pause();
      if (ok && paused.has(index)) paused.delete(index);
      else if (ok) paused.add(index);
      return ok;
    },
    stop,
  };
}
