// The running job's plate thumbnail, end to end against the simulator: MQTT report → the job's
// thumbnailRef → the 3MF over implicit FTPS → Metadata/plate_N.png.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator, type BambuSimulatorOptions } from "@printernizer/printer-sim/bambu";
import type { DownloadedFile } from "../core/adapter";
import { PrinterAuthenticationError } from "../core/errors";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { readPlateThumbnail } from "./bambu-3mf";
import { BambuAdapter } from "./bambu-adapter";
import { bambuSimConfig } from "../testing/bambu-sim-config";

const sims: BambuSimulator[] = [];
const adapters: BambuAdapter[] = [];

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function startSim(options: BambuSimulatorOptions): Promise<BambuSimulator> {
  const sim = await new BambuSimulator({ host: "127.0.0.1", reportIntervalMs: 100, ...options }).start();
  sims.push(sim);
  return sim;
}

async function connectedAdapter(sim: BambuSimulator, accessCode = sim.accessCode) {
  const events = new EventRecorder();
  const adapter = new BambuAdapter({
    printerId: "bambu-thumb",
    config: bambuSimConfig(sim, { accessCode, certificateFingerprint: sim.certificateFingerprint }),
    events,
    policy: { requestTimeoutMs: 3_000, baseDelayMs: 50, maxDelayMs: 300 },
  });
  adapters.push(adapter);
  return { adapter, events };
}

async function bytesOf(file: DownloadedFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The PNG the simulator put into the SD card's 3MF (read back with the same reader). */
async function cardPng(sim: BambuSimulator, path: string, plate: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "bambu-card-"));
  try {
    await writeFile(join(dir, "x.3mf"), sim.card.files.get(path)!.data);
    return (await readPlateThumbnail(join(dir, "x.3mf"), plate)).png;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("Bambu job plate thumbnail", () => {
  it("X1C: the running job's ref (plate from the ramdisk gcode_file) fetches /Benchy.gcode.3mf's plate_1.png once", async () => {
    const sim = await startSim({ model: "X1C" });
    sim.startPrint({ name: "Benchy" });
    expect(sim.state.gcode_file).toBe("/data/Metadata/plate_1.gcode");
    const { adapter } = await connectedAdapter(sim);
    await adapter.connect();
    await waitFor(async () => (await adapter.getStatus().catch(() => undefined))?.job !== undefined, "job");
    const job = (await adapter.getStatus()).job!;
    expect(job.thumbnailRef).toContain("/Benchy.gcode.3mf");
    expect(job.thumbnailRef).toMatch(/#Metadata\/plate_1\.png$/);

    const file = await adapter.getThumbnail(job.thumbnailRef!);
    expect(file).toMatchObject({ contentType: "image/png", fileName: "plate_1.png" });
    expect((await bytesOf(file!)).equals(await cardPng(sim, "/Benchy.gcode.3mf", 1))).toBe(true);
    // Looked for in /cache first (550), then found at the root: one transfer of one file.
    expect(sim.counters().ftpRetrievals).toEqual({ "/Benchy.gcode.3mf": 1 });
  });

  it("P1S: gcode_file names the 3MF; the plate comes from its slice_info.config (plate 2)", async () => {
    const sim = await startSim({ model: "P1S" });
    sim.startPrint({ name: "Fidget Collection" });
    expect(sim.state.gcode_file).toBe("Fidget Collection.3mf");
    const { adapter } = await connectedAdapter(sim);
    await adapter.connect();
    await waitFor(async () => (await adapter.getStatus().catch(() => undefined))?.job !== undefined, "job");
    const ref = (await adapter.getStatus()).job!.thumbnailRef!;
    expect(ref).not.toContain("#");
    const file = await adapter.getThumbnail(ref);
    expect(file?.fileName).toBe("plate_2.png");
    expect((await bytesOf(file!)).equals(await cardPng(sim, "/Fidget Collection.3mf", 2))).toBe(true);
  });

  it("a job whose 3MF is not on the card has no thumbnail; refused credentials are an error, not a hang", async () => {
    const sim = await startSim({ model: "P1S" });
    const { adapter } = await connectedAdapter(sim);
    expect(await adapter.getThumbnail("/cache/Gone.3mf\n/Gone.3mf")).toBeUndefined();
    const wrong = await connectedAdapter(sim, "00000000");
    await expect(wrong.adapter.getThumbnail("/Benchy.gcode.3mf")).rejects.toThrow(PrinterAuthenticationError);
  });
});
