// Property-based fuzzing of both adapters end to end: mutated real payloads (shared/fixtures and
// the simulators' own reports) go over real MQTT/TLS and real HTTP into a running adapter. After
// every mutated message a normal one follows and must show up (no stall); every event the adapter
// publishes must parse with the model and fit the database (CheckingSink); nothing may crash.
// Fixed seed in CI; PRINTERNIZER_FUZZ_SEED / PRINTERNIZER_FUZZ_RUNS (per adapter) to go longer.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import { fixtureNames, readFixture, type FixtureVendor } from "@printernizer/printer-sim/shared-files";
import { BambuAdapter } from "../src/bambu/bambu-adapter";
import { bambuSimConfig } from "../src/testing/bambu-sim-config";
import type { PrinterEvent } from "../src/core/events";
import { PrusaLinkAdapter } from "../src/prusalink/prusalink-adapter";
import { PrusaLinkConfigSchema } from "../src/prusalink/prusalink-config";
import { CheckingSink } from "../src/testing/checking-sink";
import { applyMutations, fuzzSettings, mutatedPayload } from "../src/testing/fuzz-mutations";

const loadFixtures = (vendor: FixtureVendor): unknown[] =>
  fixtureNames(vendor).map((name) => readFixture(vendor, name));

const sent = { bambu: 0, prusalink: 0 };
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  console.warn(
    `fuzz: ${sent.bambu} mutated Bambu reports + ${sent.prusalink} mutated PrusaLink answers = ${sent.bambu + sent.prusalink} messages`,
  );
});

const isStatus = (event: PrinterEvent): event is Extract<PrinterEvent, { type: "printer_status_updated" }> =>
  event.type === "printer_status_updated";

describe("fuzz: mutated payloads through the simulators", () => {
  it("Bambu over MQTT/TLS: no crash, no stall, every event within the model's bounds", async () => {
    const { seed, runs } = fuzzSettings(7_000);
    // No ticks: the only reports are the ones this test sends (and the answers to pushall).
    const sim = await new BambuSimulator({
      model: "P1S",
      host: "127.0.0.1",
      reportIntervalMs: 3_600_000,
    }).start();
    stops.push(() => sim.stop());
    const sink = new CheckingSink();
    const config = bambuSimConfig(sim);
    const adapter = new BambuAdapter({
      printerId: "fuzz-bambu",
      config,
      events: sink,
      policy: { requestTimeoutMs: 5_000 },
    });
    stops.push(() => adapter.disconnect());
    const first = sink.next(isStatus, "first status");
    await adapter.connect();
    await first;

    // Real shapes: the simulator's full report, and every Bambu fixture message (pushall, deltas, get_version).
    const idle = { ...sim.state, command: "push_status", msg: 0, sequence_id: "1" };
    const printing = {
      ...idle,
      gcode_state: "RUNNING",
      subtask_name: "Benchy",
      task_id: "123",
      total_layer_num: 50,
      layer_num: 3,
      mc_remaining_time: 20,
      mc_percent: 8,
    };
    const bases: unknown[] = [
      { print: idle },
      { print: printing },
      { print: { command: "push_status", msg: 1, sequence_id: "2", mc_percent: 9, layer_num: 4 } },
    ];
    for (const fixture of loadFixtures("bambu")) {
      for (const value of Object.values(fixture as Record<string, unknown>))
        if (value && typeof value === "object")
          bases.push("print" in value || "info" in value ? value : { print: value });
    }

    let marker = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutatedPayload, async (pick, payload) => {
        await sim.publishRaw(applyMutations(bases[pick % bases.length], payload));
        sent.bambu += 1;
        // A normal delta right behind it must come through: the adapter is neither dead nor stuck.
        marker += 1;
        const dbm = -(110 + (marker % 80)); // outside real readings, so it always changes the status
        const seen = sink.next(
          (e) => isStatus(e) && e.status.wifiSignalDbm === dbm,
          `marker ${dbm} dBm after a mutated report`,
        );
        await sim.publishRaw({
          print: { command: "push_status", msg: 1, sequence_id: String(marker), wifi_signal: `${dbm}dBm` },
        });
        await seen;
        expect(sink.violations).toEqual([]);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );

    expect(sink.violations).toEqual([]);
    expect(sink.count("printer_protocol_error")).toBeGreaterThan(0);
    expect(adapter.health().connected).toBe(true);
    expect(sim.counters().connects).toBe(1); // never dropped and reconnected
    // Still following the printer: a real delta from the simulator is reflected.
    const tray = sink.next(
      (e) =>
        e.type === "ams_status_updated" &&
        e.filament.some((f) => f.unit === 0 && f.slot === 1 && f.remainingPercent === 7),
      "tray change after the fuzz",
    );
    sim.setTray(0, 1, { remain: 7 });
    await tray;
  }, 300_000);

  it("PrusaLink over HTTP: garbled answers are protocol errors, never a crash, a stall or an invalid event", async () => {
    const { seed, runs } = fuzzSettings(2_500);
    const sim = await new PrusaLinkSimulator({ host: "127.0.0.1", timeScale: 1 }).start();
    stops.push(() => sim.stop());
    const sink = new CheckingSink();
    // A 1 ms poll interval (below what users may configure) so thousands of answers fit the CI budget.
    const config = {
      ...PrusaLinkConfigSchema.parse({ host: sim.host, port: sim.port, password: sim.options.password }),
      pollIntervalMs: 1,
    };
    const adapter = new PrusaLinkAdapter({
      printerId: "fuzz-prusalink",
      config,
      events: sink,
      policy: { requestTimeoutMs: 5_000 },
    });
    stops.push(() => adapter.disconnect());
    const first = sink.next(isStatus, "first status");
    await adapter.connect();
    await first;

    const fixtureDocs = loadFixtures("prusalink") as Array<Record<string, unknown>>;
    const status = fixtureDocs.find((d) => "printer" in d) ?? {
      printer: { state: "PRINTING", temp_nozzle: 209.9 },
      job: { id: 297, progress: 91 },
    };
    const job = fixtureDocs.find((d) => "state" in d && "file" in d) ?? {
      id: 297,
      state: "PRINTING",
      progress: 92,
      file: { name: "MURCIE~1.BGC", path: "/usb" },
    };
    const targets = ["status", "job", "both"] as const;

    let marker = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets),
        mutatedPayload,
        mutatedPayload,
        async (target, statusMutation, jobMutation) => {
          sim.clearAnswers();
          const statusBody =
            target === "job" ? JSON.stringify(status) : applyMutations(status, statusMutation);
          const jobBody = target === "status" ? JSON.stringify(job) : applyMutations(job, jobMutation);
          marker += 1;
          const nozzle = 100 + (marker % 400) / 10;
          // The poisoned poll, then a normal one that must be reflected.
          sim.answerNext("/api/v1/status", [
            { body: statusBody },
            { body: { printer: { state: "IDLE", temp_nozzle: nozzle } } },
          ]);
          sim.answerNext("/api/v1/job", { body: jobBody });
          sent.prusalink += target === "both" ? 2 : 1;
          await sink.next(
            (e) => e.type === "temperature_updated" && e.temperatures.nozzle?.current === nozzle,
            `marker ${nozzle} °C after a garbled answer`,
          );
          expect(sink.violations).toEqual([]);
        },
      ),
      { seed, numRuns: runs, endOnFailure: true },
    );

    expect(sink.violations).toEqual([]);
    expect(sink.count("printer_protocol_error")).toBeGreaterThan(0);
    expect(adapter.health().connected).toBe(true);
    // Still following the printer: a real print on the simulator starts a job.
    sim.clearAnswers();
    const started = sink.next(
      (e) => e.type === "job_started" && e.job.name === "PAINTI~1.BGC",
      "a real print after the fuzz",
    );
    expect(sim.startPrint("/usb/PAINTI~1.BGC")).toBe(true);
    await started;
  }, 300_000);
});
