// The demo farm: on the first start of the embedded default with no printers, a handful
// of simulated printers (three PrusaLink MK4, two Bambu X1C, two Bambu P1S: demo-bambu.ts)
// run inside the launcher and are registered as demo printers, so a new user sees a live
// farm at once. Later starts bring the same simulators back for
// the demo printers that still exist. PRINTERNIZER_DEMO=off turns all of this off;
// deleting the demo printers in the admin page removes them for good.
import { randomBytes } from "node:crypto";
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { addBambuDemoPrinters, restartBambuDemoPrinters } from "./demo-bambu";
import { addDemoLibrary } from "./demo-library";
import type { DemoPrinter } from "./demo-printer";

interface DemoSpec {
  name: string;
  kind: "prusalink";
  host: string;
  port: number;
  model: string;
}

/** Simulated time runs this much faster than real time, so prints visibly progress. */
const demoTimeScale = 20;
const prusaSpecs: DemoSpec[] = [1, 2, 3].map((n) => ({
  name: `Demo MK4 ${n}`,
  kind: "prusalink",
  host: `127.0.1.${n}`,
  port: 8080,
  model: "MK4",
}));

const sampleFiles = [
  "/usb/Calibration/calibration_cube_0.4n_0.2mm_PLA_MK4_12m.bgcode",
  "/usb/painting_cone_0.4n_0.2mm_PETG_MK4_31m.bgcode",
  "/usb/ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode",
];

export async function startDemoFarm(options: {
  db: Db;
  cipher: CredentialCipher;
  dataDir: string;
  say: (line: string) => void;
}): Promise<DemoPrinter[]> {
  const { db, cipher, say } = options;
  const firstStart = (await db.printer.count()) === 0;
  if (firstStart) {
    say("no printers yet: starting a demo farm of simulated printers (PRINTERNIZER_DEMO=off disables it)");
    for (const spec of prusaSpecs) {
      await db.printer.create({
        data: {
          kind: spec.kind,
          name: spec.name,
          host: spec.host,
          port: spec.port,
          model: spec.model,
          isDemo: true,
          credentials: cipher.encryptJson({
            username: "maker",
            password: randomBytes(9).toString("base64url"),
          }),
          settings: { pollIntervalMs: 2_000 },
        },
      });
    }
  }
  const rows = await db.printer.findMany({ where: { isDemo: true }, orderBy: { name: "asc" } });
  const started: DemoPrinter[] = [];
  for (const row of rows) {
    if (row.kind !== "prusalink" || row.port === null) continue;
    const { password } = cipher.decryptJson<{ password: string }>(row.credentials);
    try {
      const sim = await new PrusaLinkSimulator({
        host: row.host,
        port: row.port,
        name: row.name,
        password,
        timeScale: demoTimeScale,
        serial: `DEMO${row.id.slice(-8).toUpperCase()}`,
      }).start();
      const scenario = keepPrinting(sim, started.length);
      started.push({ name: row.name, stop: async () => (scenario(), await sim.stop()) });
    } catch (error) {
      say(
        `demo printer ${row.name} could not start on ${row.host}:${row.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const bambuOptions = {
    cipher,
    dataDir: options.dataDir,
    timeScale: demoTimeScale,
    firstIndex: started.length,
    say,
  };
  const bambu = firstStart
    ? await addBambuDemoPrinters({ ...bambuOptions, db })
    : await restartBambuDemoPrinters(
        rows.filter((row) => row.kind === "bambu"),
        bambuOptions,
      );
  started.push(...bambu.printers);
  if (bambu.problem) say(bambu.problem);
  if (started.length) say(`demo farm: ${started.length} simulated printers running`);
  await addDemoLibrary({ db, dataDir: options.dataDir, say }).catch((error: unknown) =>
    say(`demo library not added: ${error instanceof Error ? error.message : String(error)}`),
  );
  return started;
}

/** Starts prints now and then, with idle pauses between them, so the farm looks alive. */
function keepPrinting(sim: PrusaLinkSimulator, index: number): () => void {
  let next = Date.now() + index * 15_000; // staggered, so the farm shows printing and idle printers
  const timer = setInterval(
    () => {
      sim.engine.tick();
      const state = sim.engine.printerState;
      if (state === "FINISHED" || state === "STOPPED") sim.engine.dismiss();
      if (sim.engine.printerState === "IDLE" && Date.now() >= next) {
        sim.startPrint(sampleFiles[(index + Math.floor(Date.now() / 60_000)) % sampleFiles.length]!);
        next = Date.now() + 20_000 + Math.random() * 40_000;
      }
    },
    5_000 + index * 700,
  );
  return () => clearInterval(timer);
}
