// The simulator's upload rules over real sockets (127.0.16.20–29): the transfer is visible while
// it runs at the simulated rate, 507 when the storage is full, Print-After-Upload on a busy printer
// keeps the file and answers 409, Buddy refuses the old multipart upload with 410, and the control
// endpoint sets the rate and the storage size (127.0.21.1).
import { afterEach, describe, expect, it } from "vitest";
import { startControlServer } from "../control-server";
import { PrusaLinkSimulator } from "./prusalink-simulator";
import { makeSampleBgcode } from "./sample-files";

const sims: PrusaLinkSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function start(host: string, options: ConstructorParameters<typeof PrusaLinkSimulator>[0] = {}) {
  const sim = await new PrusaLinkSimulator({ host, ...options }).start();
  sims.push(sim);
  return sim;
}

function put(sim: PrusaLinkSimulator, name: string, body: Buffer, headers: Record<string, string> = {}) {
  return fetch(`${sim.origin}/api/v1/files/usb/${encodeURIComponent(name)}`, {
    method: "PUT",
    headers: { "x-api-key": sim.options.password, "content-length": String(body.length), ...headers },
    body,
  });
}

describe("PrusaLink simulator uploads", () => {
  it("shows the running transfer at the simulated rate in /api/v1/transfer and the status", async () => {
    const sim = await start("127.0.16.20", { uploadBytesPerSecond: 100_000 });
    const file = makeSampleBgcode("rate.bgcode", 600, 1, 250 * 1024).bytes;
    const began = Date.now();
    const uploading = put(sim, "rate.bgcode", file);
    await expect.poll(() => sim.transfer?.transferred ?? 0).toBeGreaterThan(0);
    const key = { "x-api-key": sim.options.password };
    const transfer = (await (
      await fetch(`${sim.origin}/api/v1/transfer`, { headers: key })
    ).json()) as Record<string, unknown>;
    expect(transfer).toMatchObject({
      type: "FROM_CLIENT",
      display_name: "rate.bgcode",
      size: String(file.length),
    });
    const status = (await (await fetch(`${sim.origin}/api/v1/status`, { headers: key })).json()) as {
      transfer?: { transferred: number; progress: number };
    };
    expect(status.transfer?.transferred).toBeGreaterThan(0);
    expect(status.transfer?.progress).toBeLessThan(1);
    expect((await uploading).status).toBe(201);
    // 250 KiB at 100 KB/s cannot arrive in under about 2.5 s: the rate is simulated, not a hope.
    expect(Date.now() - began).toBeGreaterThanOrEqual(2_400);
    expect((await fetch(`${sim.origin}/api/v1/transfer`, { headers: key })).status).toBe(204);
    expect(sim.storage.find("/usb/rate.bgcode")?.printSeconds).toBe(600);
  });

  it("507 when the file does not fit; Print-After-Upload on a busy printer keeps the file and says 409", async () => {
    const sim = await start("127.0.16.21", { uploadBytesPerSecond: 0, storageBytes: 400_000 });
    const big = Buffer.alloc(500_000, 0x47);
    const full = await put(sim, "big.gcode", big);
    expect(full.status).toBe(507);
    expect(full.headers.get("connection")).toBe("close");
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    const busy = await put(sim, "next.gcode", Buffer.from("G28\n"), { "print-after-upload": "?1" });
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain("Can't print right now");
    expect(sim.storage.find("/usb/next.gcode")?.bytes?.toString()).toBe("G28\n");
    // A G-code without a time estimate prints for the default time.
    expect(sim.storage.find("/usb/next.gcode")?.printSeconds).toBe(600);
  });

  it("the control endpoint sets the upload rate and the storage size for the next uploads", async () => {
    const sim = await start("127.0.21.1", { uploadBytesPerSecond: 1_000 });
    const control = await startControlServer(() => [sim], "127.0.0.1", 0);
    try {
      const post = (body: unknown) =>
        fetch(`http://${control.host}:${control.port}/printers/${encodeURIComponent(sim.name)}/upload`, {
          method: "POST",
          body: JSON.stringify(body),
        });
      expect((await post({ bytesPerSecond: -1 })).status).toBe(400);
      expect((await post({ finalReply: "426" })).status).toBe(400);
      expect(sim.options.uploadBytesPerSecond).toBe(1_000);
      const storageBytes = sim.storage.usedBytes() + 300_000; // room for one of the two files
      expect((await post({ bytesPerSecond: 0, storageBytes })).status).toBe(200);
      expect(sim.options).toMatchObject({ uploadBytesPerSecond: 0, storageBytes });
      // 200 KB at the old 1 KB/s would take minutes; unlimited it is there at once.
      expect((await put(sim, "fast.gcode", Buffer.alloc(200_000, 0x47))).status).toBe(201);
      expect((await put(sim, "second.gcode", Buffer.alloc(200_000, 0x47))).status).toBe(507);
    } finally {
      await control.close();
    }
  });

  it("Buddy answers the old multipart upload with 410 Gone", async () => {
    const sim = await start("127.0.16.22");
    const form = new FormData();
    form.append("file", new Blob(["G28\n"]), "old.gcode");
    const response = await fetch(`${sim.origin}/api/files/usb`, {
      method: "POST",
      headers: { "x-api-key": sim.options.password },
      body: form,
    });
    expect(response.status).toBe(410);
  });
});
