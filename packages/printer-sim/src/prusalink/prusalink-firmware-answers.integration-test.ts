// The simulator answers as each firmware does (prusalink.md §3–4, Prusa-Link web/main.py, Buddy
// basic_gets.cpp): version answers per model and firmware, estimates before the first M73, the
// legacy job texts, and Prusa-Link keeping (and dropping) the selected file.
import { afterEach, describe, expect, it } from "vitest";
import { PrusaLinkSimulator } from "./prusalink-simulator";

let sim: PrusaLinkSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function call(printer: PrusaLinkSimulator, path: string, init: RequestInit = {}) {
  const key = printer.options.apiKey ?? printer.options.password;
  return fetch(`${printer.origin}${path}`, {
    ...init,
    headers: { "x-api-key": key, accept: "application/json", ...(init.headers as Record<string, string>) },
  });
}
const json = async (printer: PrusaLinkSimulator, path: string) =>
  (await (await call(printer, path)).json()) as Record<string, unknown>;

describe("version answers", () => {
  it("Buddy: 6.3 has no firmware field, 6.5 adds it; the model names the host", async () => {
    sim = await new PrusaLinkSimulator().start();
    expect(await json(sim, "/api/version")).toEqual({
      api: "2.0.0",
      server: "2.1.2",
      nozzle_diameter: 0.4,
      text: "PrusaLink",
      hostname: "prusa-mk4",
      capabilities: { "upload-by-put": true },
    });
    await sim.stop();
    sim = await new PrusaLinkSimulator({ model: "XL", firmware: "6.5.3+12780" }).start();
    expect(await json(sim, "/api/version")).toMatchObject({ hostname: "prusa-xl", firmware: "6.5.3+12780" });
    await sim.stop();
    sim = await new PrusaLinkSimulator({ model: "MINI", firmware: "6.4.0" }).start();
    const mini = await json(sim, "/api/version");
    expect(mini.hostname).toBe("prusa-mini");
    expect(mini).not.toHaveProperty("firmware");
  });

  it("Raspberry Pi: Prusa-Link 0.8 speaks api 2.0.0, 0.7.0 the legacy API", async () => {
    sim = await new PrusaLinkSimulator({ flavour: "rpi" }).start();
    expect(await json(sim, "/api/version")).toMatchObject({ api: "2.0.0", original: "PrusaLink I3MK3S" });
    await sim.stop();
    sim = await new PrusaLinkSimulator({ flavour: "rpi", legacyApi: true }).start();
    expect(await json(sim, "/api/version")).toMatchObject({ api: "0.9.0-legacy", text: "PrusaLink 0.7.0" });
  });
});

describe("job answers early in a print", () => {
  it("Prusa-Link sends time_remaining null before the first estimate, Buddy leaves it out", async () => {
    for (const flavour of ["rpi", "buddy"] as const) {
      sim = await new PrusaLinkSimulator({ flavour, timeScale: 0.001 }).start();
      const file = flavour === "rpi" ? "/local/ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode" : "/usb/GHOST_~1.BGC";
      expect(sim.startPrint(file)).toBe(true);
      const job = await json(sim, "/api/v1/job");
      if (flavour === "rpi") expect(job.time_remaining).toBeNull();
      else expect(job).not.toHaveProperty("time_remaining");
      expect(job.time_printing).toBe(0);
      await sim.stop();
      sim = undefined;
    }
  });
});

describe("legacy /api/job", () => {
  it("Buddy: no job once the print is stopped, '---' material when idle", async () => {
    sim = await new PrusaLinkSimulator().start();
    expect(((await json(sim, "/api/printer")).telemetry as Record<string, unknown>).material).toBe("---");
    sim.startPrint("/usb/GHOST_~1.BGC");
    expect(await json(sim, "/api/job")).toMatchObject({
      state: "Printing",
      job: { file: { path: "/usb/GHOST_~1.BGC", display: "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode" } },
    });
    sim.engine.stop();
    expect(await json(sim, "/api/job")).toEqual({ state: "Operational", job: null, progress: null });
  });

  it("Prusa-Link: the stopped file stays selected until a cancel while idle deselects it", async () => {
    sim = await new PrusaLinkSimulator({ flavour: "rpi", legacyApi: true }).start();
    const file = "/local/ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode";
    sim.startPrint(file);
    sim.engine.stop();
    expect(await json(sim, "/api/job")).toMatchObject({
      state: "Cancelling",
      job: { file: { path: file } },
      progress: { completion: null },
    });
    const cancel = await call(sim, "/api/job", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ command: "cancel" }),
    });
    expect(cancel.status).toBe(204);
    expect(await json(sim, "/api/job")).toMatchObject({ job: { file: { path: null, name: null } } });
    // A file selected on the display after that is shown again.
    expect(sim.selectFile(file)).toBe(true);
    expect(await json(sim, "/api/job")).toMatchObject({ state: "Cancelling", job: { file: { path: file } } });
    expect(sim.selectFile("/local/missing.gcode")).toBe(false);
  });
});
