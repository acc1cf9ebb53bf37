// Starting prints on the PrusaLink simulator (127.0.16.10–19): upload then start prints with the
// file's name and the time read from the file; refused while printing with the printer's words
// (by the adapter's own look, and by the printer's 409); FINISHED → a new start works; legacy start.
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { PrusaLinkSimulator, makeSampleBgcode } from "@printernizer/printer-sim";
import type { PrusaLinkSimulatorOptions } from "@printernizer/printer-sim";
import { PrinterConflictError } from "../core/errors";
import { PrintOptionsSchema } from "../core/print-start";
import { EventRecorder } from "../testing/event-recorder";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import { PrusaLinkConfigSchema } from "./prusalink-config";

const sims: PrusaLinkSimulator[] = [];
const adapters: PrusaLinkAdapter[] = [];
const options = PrintOptionsSchema.parse({});

async function setup(host: string, extra: PrusaLinkSimulatorOptions = {}) {
  const sim = await new PrusaLinkSimulator({ host, uploadBytesPerSecond: 0, ...extra }).start();
  sims.push(sim);
  return { sim, adapter: adapterFor(sim) };
}

function adapterFor(sim: PrusaLinkSimulator): PrusaLinkAdapter {
  const config = PrusaLinkConfigSchema.parse({
    host: sim.host,
    port: sim.port,
    password: sim.options.password,
    ...(sim.flavour === "rpi" ? { username: sim.options.username } : {}),
  });
  const adapter = new PrusaLinkAdapter({ printerId: "p-start", config, events: new EventRecorder() });
  adapters.push(adapter);
  return adapter;
}

async function upload(adapter: PrusaLinkAdapter, name: string, seconds: number) {
  const bytes = makeSampleBgcode(name, seconds, 5, 32 * 1024).bytes;
  return adapter.uploadFile({ name, size: bytes.length, open: () => Readable.from([bytes]) });
}

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

describe("PrusaLink start", () => {
  it("upload then start: the printer prints the file under its name for the time the file gives", async () => {
    const { sim, adapter } = await setup("127.0.16.10");
    expect((await adapter.getStatus()).nozzleDiameter).toBe(0.4);
    const { path } = await upload(adapter, "gear_0.4n_0.2mm_PLA_MK4_1h.bgcode", 3600);
    await adapter.startPrint({ path, plate: 1, jobName: "gear", options });
    const job = sim.engine.currentJob;
    expect(job?.file.lfn).toBe("gear_0.4n_0.2mm_PLA_MK4_1h.bgcode");
    expect(job?.durationSeconds).toBe(3600);
    const status = await adapter.getStatus();
    expect(status.state).toBe("printing");
    expect(status.job?.displayName).toBe("gear_0.4n_0.2mm_PLA_MK4_1h.bgcode");
  });

  it("refused while printing, with the printer's state word; the printer's own 409 in its words", async () => {
    const { sim, adapter } = await setup("127.0.16.11");
    const { path } = await upload(adapter, "second.bgcode", 600);
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    const refused = await adapter
      .startPrint({ path, plate: 1, jobName: "second", options })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PrinterConflictError);
    expect((refused as Error).message).toBe("The printer is not ready to start a print: it says PRINTING.");
    // Another client's view: the status said IDLE a moment ago, but the printer prints when the start arrives.
    const other = adapterFor(sim);
    sim.answerNext("/api/v1/status", {
      body: { storage: { path: "/usb/", name: "usb", read_only: false }, printer: { state: "IDLE" } },
    });
    const late = await other
      .startPrint({ path, plate: 1, jobName: "second", options })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(PrinterConflictError);
    expect((late as Error).message).toBe("The printer refused to start the print: Can't print right now.");
    expect(sim.engine.currentJob?.file.lfn).not.toBe("second.bgcode");
  });

  it("a FINISHED printer takes the next start; a file gone from the printer is said so", async () => {
    const { sim, adapter } = await setup("127.0.16.12", { timeScale: 50 });
    const first = await upload(adapter, "first.bgcode", 60);
    await adapter.startPrint({ path: first.path, plate: 1, jobName: "first", options });
    await expect.poll(() => sim.engine.printerState, { timeout: 10_000 }).toBe("FINISHED");
    const second = await upload(adapter, "again.bgcode", 6000);
    await adapter.startPrint({ path: second.path, plate: 1, jobName: "again", options });
    expect(sim.engine.currentJob?.file.lfn).toBe("again.bgcode");
    sim.engine.stop();
    await expect(
      adapter.startPrint({ path: "/usb/GONE~1.BGC", plate: 1, jobName: "gone", options }),
    ).rejects.toThrow("The file GONE~1.BGC is no longer on the printer: upload it again.");
  });

  it("legacy Prusa-Link 0.7: multipart upload, then select+print", async () => {
    const { sim, adapter } = await setup("127.0.16.13", { flavour: "rpi", legacyApi: true });
    const { path } = await upload(adapter, "legacy start.bgcode", 1800);
    await adapter.startPrint({ path, plate: 1, jobName: "legacy", options });
    expect(sim.engine.currentJob?.file.lfn).toBe("legacy start.bgcode");
    expect(sim.engine.currentJob?.durationSeconds).toBe(1800);
    const refused = await adapter
      .startPrint({ path, plate: 1, jobName: "legacy", options })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PrinterConflictError);
    expect((refused as Error).message).toMatch(/^The printer is not ready to start a print: it says /);
  });
});
