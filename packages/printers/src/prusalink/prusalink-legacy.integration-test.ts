// The PrusaLink adapter against the simulator as the printers the issue names: an MK3 with the
// Raspberry Pi Prusa-Link 0.7 (legacy API only) idle with its last file still selected, and Buddy
// file listings that carry no sizes.
import { afterEach, describe, expect, it } from "vitest";
import { PrusaLinkSimulator } from "@printernizer/printer-sim";
import type { ConnectionPolicy } from "../core/adapter";
import type { PrinterStatus } from "../core/model";
import { EventRecorder, waitFor } from "../testing/event-recorder";
import { PrusaLinkAdapter } from "./prusalink-adapter";
import { PrusaLinkConfigSchema } from "./prusalink-config";

const fastPolicy: Partial<ConnectionPolicy> = {
  baseDelayMs: 50,
  maxDelayMs: 300,
  failureThreshold: 3,
  openMs: 200,
  requestTimeoutMs: 1_000,
};

const GHOST = "ghost_0.4n_0.2mm_PLA_MK4_1h50m.bgcode";

let sim: PrusaLinkSimulator | undefined;
let adapter: PrusaLinkAdapter | undefined;

afterEach(async () => {
  await adapter?.disconnect();
  await sim?.stop();
  adapter = undefined;
  sim = undefined;
});

function connectTo(printer: PrusaLinkSimulator, events: EventRecorder, username?: string): PrusaLinkAdapter {
  const config = PrusaLinkConfigSchema.parse({
    host: printer.host,
    port: printer.port,
    password: printer.options.password,
    pollIntervalMs: 250,
    ...(username ? { username } : {}),
  });
  adapter = new PrusaLinkAdapter({ printerId: "legacy-1", config, events, policy: fastPolicy });
  return adapter;
}

/** The last status the adapter published (what the worker writes to LiveStatus). */
function published(events: EventRecorder): PrinterStatus | undefined {
  return events.ofType("printer_status_updated").at(-1)?.status;
}

describe("MK3 with Raspberry Pi Prusa-Link 0.7 (legacy API)", () => {
  it("idle with the last file still selected is idle with no job; a print and its cancel are told apart", async () => {
    sim = await new PrusaLinkSimulator({ flavour: "rpi", legacyApi: true, timeScale: 1 }).start();
    const file = `/local/${GHOST}`;
    expect(sim.selectFile(file)).toBe(true);
    const events = new EventRecorder();
    const printer = connectTo(sim, events, "admin");
    await printer.connect();
    const idle = await waitFor(() => published(events), "first status");
    expect(idle.state).toBe("idle");
    expect(idle.job).toBeUndefined();
    // " - " is Prusa-Link's "I do not know the filament": no slot shown.
    expect(idle.filament).toEqual([]);
    expect(await printer.getCurrentJob()).toBeUndefined();
    expect(events.count("job_started")).toBe(0);

    sim.startPrint(file);
    const started = await waitFor(() => events.ofType("job_started")[0], "job_started");
    expect(started.job).toMatchObject({ id: file, name: GHOST, displayName: GHOST, state: "PRINTING" });
    await printer.cancelJob();
    const cancelled = await waitFor(() => events.ofType("job_cancelled")[0], "job_cancelled");
    expect(cancelled.job.id).toBe(file);
    expect(cancelled.job.state).toBe("CANCELLED");
    // The cancelled file stays selected, as on the real printer: idle, and no job after that poll.
    await waitFor(() => {
      const status = published(events);
      return status?.state === "idle" && !status.job;
    }, "idle with no job after the cancel");
    expect(events.count("job_started")).toBe(1);
    expect(events.count("job_failed") + events.count("job_vanished") + events.count("job_completed")).toBe(0);
  });
});

describe("file lists with sizes and long names", () => {
  it("Buddy: sizes come from each file's own answer (the listing has none), asked once per file", async () => {
    sim = await new PrusaLinkSimulator({ timeScale: 1 }).start();
    const events = new EventRecorder();
    const printer = connectTo(sim, events);
    const listing = await fetch(`${sim.origin}/api/v1/files/usb`, {
      headers: { "x-api-key": sim.options.password },
    });
    const children = ((await listing.json()) as { children: Array<Record<string, unknown>> }).children;
    expect(children.some((c) => c.type === "PRINT_FILE")).toBe(true);
    expect(children.every((c) => c.size === undefined)).toBe(true);

    const files = (await printer.listFiles()).filter((f) => f.type !== "folder");
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const node = sim.storage.find(file.path)!;
      expect(file.size, file.path).toBe(node.bytes!.length);
      expect(file.displayName, file.path).toBe(node.lfn);
      expect(file.name).toBe(node.sfn);
    }
    expect(files.find((f) => f.displayName === GHOST)?.name).toMatch(/~\d\.BGC$/);

    sim.resetCounters();
    const again = await printer.listFiles();
    expect(again.filter((f) => f.type !== "folder").map((f) => f.size)).toEqual(files.map((f) => f.size));
    // Unchanged folders answer 304 and no file is asked again.
    expect(sim.counters().statuses[200] ?? 0).toBe(1); // /api/v1/storage
  });
});
