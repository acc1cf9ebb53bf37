// Uploading to the Bambu simulator's SD card over real implicit FTPS (127.0.15.x): progress, the
// SIZE check, the printer's final-reply quirks (slow 226, benign 426, no reply), abort, a full
// card, no card, and that the bytes stream (the source is generated, never one buffer).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { BambuSimulator, type BambuSimulatorOptions } from "@printernizer/printer-sim/bambu";
import { PrinterConflictError, PrinterTimeoutError } from "../core/errors";
import type { UploadProgress, UploadRequest } from "../core/print-start";
import { waitFor } from "../testing/event-recorder";
import { BambuAdapter } from "./bambu-adapter";
import type { BambuTimings } from "./bambu-config";
import { bambuSimConfig } from "../testing/bambu-sim-config";

const sims: BambuSimulator[] = [];
const adapters: BambuAdapter[] = [];
let nextHost = 1;

async function rig(options: BambuSimulatorOptions = {}, timings: Partial<BambuTimings> = {}) {
  const sim = await new BambuSimulator({
    host: `127.0.15.${nextHost++}`,
    reportIntervalMs: 100,
    upload: { bytesPerSecond: 0 },
    ...options,
  }).start();
  sims.push(sim);
  const adapter = new BambuAdapter({
    printerId: "bambu-upload",
    config: bambuSimConfig(sim, { certificateFingerprint: sim.certificateFingerprint }),
    events: { publish: () => undefined },
    policy: { requestTimeoutMs: 3_000 },
    timings: { uploadFinalReplyMs: 10_000, ...timings },
  });
  adapters.push(adapter);
  return { sim, adapter };
}

/** `size` bytes of a repeatable pattern, produced in 64 KiB pieces as they are read. */
function patterned(size: number): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        for (let offset = 0; offset < size; offset += 65_536) {
          const piece = Buffer.alloc(Math.min(65_536, size - offset));
          for (let i = 0; i < piece.length; i++) piece[i] = (offset + i) % 251;
          yield piece;
        }
      })(),
    );
}

function sha(data: Buffer | Readable): Promise<string> | string {
  if (Buffer.isBuffer(data)) return createHash("sha256").update(data).digest("hex");
  return (async () => {
    const hash = createHash("sha256");
    for await (const chunk of data) hash.update(chunk as Buffer);
    return hash.digest("hex");
  })();
}

function request(name: string, size: number, extra: Partial<UploadRequest> = {}): UploadRequest {
  return { name, size, open: patterned(size), ...extra };
}

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.disconnect()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

describe("uploadFile", () => {
  it("streams the file to the SD root with progress and resolves once SIZE confirms it", async () => {
    // 12 MiB at 4 MiB/s: several progress reports even with loopback's large socket buffers.
    const { sim, adapter } = await rig({ upload: { bytesPerSecond: 4 * 1024 * 1024 } });
    const size = 12 * 1024 * 1024;
    const progress: UploadProgress[] = [];
    const uploaded = await adapter.uploadFile(
      request("Benchy: v2/final?.gcode.3mf", size, { onProgress: (p) => progress.push(p) }),
    );
    expect(uploaded).toEqual({ path: "/final_.gcode.3mf", size });
    const stored = sim.card.files.get("/final_.gcode.3mf")!.data;
    expect(sha(stored)).toBe(await sha(patterned(size)()));
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ bytesSent: size, totalBytes: size });
    const sent = progress.map((p) => p.bytesSent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sim.counters().uploads).toMatchObject({ started: 1, stored: 1, bytes: size });
    expect(await adapter.hasFile(uploaded.path, size)).toBe(true);
    expect(await adapter.hasFile(uploaded.path, size - 1)).toBe(false);
    expect(await adapter.hasFile("/missing.3mf", size)).toBe(false);
  });

  it("streams with backpressure: the source is read only a little ahead of what the printer took", async () => {
    const { sim, adapter } = await rig({ upload: { bytesPerSecond: 16 * 1024 * 1024 } });
    const size = 48 * 1024 * 1024;
    let produced = 0;
    let maxAhead = 0;
    const open = () =>
      Readable.from(
        (function* () {
          for (let offset = 0; offset < size; offset += 65_536) {
            const received = sim.card.files.get("/stream.3mf")?.data.length ?? 0;
            maxAhead = Math.max(maxAhead, produced - received);
            produced += 65_536;
            yield Buffer.alloc(65_536, offset % 251);
          }
        })(),
      );
    await adapter.uploadFile({ name: "stream.3mf", size, open });
    // Socket buffers on loopback hold a few MiB; a buffered upload would run 48 MiB ahead.
    expect(maxAhead).toBeLessThan(16 * 1024 * 1024);
    expect(sim.card.files.get("/stream.3mf")!.data.length).toBe(size);
  });

  it("shows the partial file on the card while the upload runs", async () => {
    const { sim, adapter } = await rig({ upload: { bytesPerSecond: 256 * 1024 } });
    const size = 512 * 1024;
    const done = adapter.uploadFile(request("slow.gcode", size));
    const partial = await waitFor(() => {
      const length = sim.card.files.get("/slow.gcode")?.data.length ?? 0;
      return length > 0 && length < size ? length : undefined;
    }, "a partial file");
    expect(partial).toBeLessThan(size);
    await done;
    expect(sim.card.files.get("/slow.gcode")!.data.length).toBe(size);
  });

  it("waits for a late final reply (H2D's 30 s, shortened) before resolving", async () => {
    const { sim, adapter } = await rig({ upload: { delayFinalReplyMs: 1_500 } });
    let resolved = false;
    const done = adapter.uploadFile(request("late.3mf", 100_000)).then((r) => {
      resolved = true;
      return r;
    });
    await waitFor(() => sim.card.files.get("/late.3mf")?.data.length === 100_000, "the stored file");
    // The whole file is on the card, but the printer has not answered 226 yet: not done.
    expect(sim.counters().uploads.stored).toBe(1);
    expect(resolved).toBe(false);
    await expect(done).resolves.toEqual({ path: "/late.3mf", size: 100_000 });
  });

  it("takes a 426 after the whole file as success once SIZE matches (ha-bambulab's benign 426)", async () => {
    const { adapter } = await rig({ upload: { finalReply: "426" } });
    await expect(adapter.uploadFile(request("benign.3mf", 300_000))).resolves.toEqual({
      path: "/benign.3mf",
      size: 300_000,
    });
  });

  it("takes a printer that never sends the final reply as success once SIZE matches (the A1 hang)", async () => {
    const { adapter } = await rig({ upload: { finalReply: "none" } }, { uploadFinalReplyMs: 3_000 });
    await expect(adapter.uploadFile(request("hang.3mf", 200_000))).resolves.toEqual({
      path: "/hang.3mf",
      size: 200_000,
    });
  });

  it("fails in words when SIZE shows less than the whole file", async () => {
    const { adapter } = await rig();
    // The source ends early: the printer answers 226, SIZE shows what arrived.
    const short = request("short.3mf", 300_000, { open: patterned(200_000) });
    const error = await adapter.uploadFile(short).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toBe(
      "The printer's SD card did not take the whole file: 200000 of 300000 bytes arrived. Check the SD card has space and try again.",
    );
  });

  it("refuses with words when the card is full, and removes the partial file", async () => {
    const { sim, adapter } = await rig({ upload: { capacityBytes: 0 } });
    const used = [...sim.card.files.values()].reduce((sum, f) => sum + f.data.length, 0);
    sim.setUploadBehaviour({ capacityBytes: used + 100_000 });
    const error = await adapter.uploadFile(request("big.3mf", 2_000_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toBe(
      'The printer\'s SD card is full or could not be written ("451 Failure writing to local file."). Free space on the card and try again.',
    );
    expect(sim.card.files.has("/big.3mf")).toBe(false);
    expect(sim.counters().uploads.refused).toBe(1);
  });

  it("says to check the SD card when there is none (550)", async () => {
    const { adapter } = await rig({ upload: { cardInserted: false } });
    const error = await adapter.uploadFile(request("nocard.gcode", 1_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterConflictError);
    expect((error as Error).message).toContain("Check that an SD card is inserted");
  });

  it("stops when aborted, closing the connection", async () => {
    const { sim, adapter } = await rig({ upload: { bytesPerSecond: 128 * 1024 } });
    const controller = new AbortController();
    const done = adapter.uploadFile(request("abort.3mf", 4_000_000, { signal: controller.signal }));
    await waitFor(() => (sim.card.files.get("/abort.3mf")?.data.length ?? 0) > 0, "upload under way");
    controller.abort();
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect((error as Error).message).toBe("The upload of abort.3mf was stopped before it finished.");
    expect(sim.counters().uploads.stored).toBe(0);
  });
});
