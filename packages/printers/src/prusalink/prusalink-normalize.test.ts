import { describe, expect, it } from "vitest";
import {
  FileEntrySchema,
  LegacyJobSchema,
  LegacyPrinterSchema,
  StatusSchema,
  VersionSchema,
} from "./prusalink-schemas";
import { normalizeFileEntry, normalizePrinterState, normalizeStatus } from "./prusalink-normalize";
import { normalizeLegacyStatus } from "./prusalink-legacy";
import { selectApi } from "./prusalink-version";
import { PrusaLinkConfigSchema } from "./prusalink-config";
import { errorReason } from "./prusalink-http";
import { encodePath } from "./prusalink-files";

const at = new Date(0);

describe("PrusaLink normalization quirks", () => {
  it("maps states, ATTENTION depending on a job", () => {
    expect(normalizePrinterState("ATTENTION", true)).toBe("paused");
    expect(normalizePrinterState("ATTENTION", false)).toBe("busy");
    expect(normalizePrinterState("FINISHED", false)).toBe("idle");
    expect(normalizePrinterState("UNKNOWN", false)).toBe("unknown");
    expect(normalizePrinterState("READY", false)).toBe("idle");
  });

  it("accepts the RPi storage list, read_only and status flags", () => {
    const status = StatusSchema.parse({
      storage: [
        { path: "/local", read_only: false, name: "PrusaLink gcodes" },
        { path: "/sdcard", read_only: true, name: "SD Card" },
      ],
      printer: { state: "IDLE", status_printer: { ok: false, message: "Printer not responding" } },
    });
    const normalized = normalizeStatus(status, undefined, at);
    expect(normalized.state).toBe("idle");
    expect(normalized.errors).toEqual([
      { code: "STATUS_PRINTER", severity: "common", message: "Printer not responding" },
    ]);
    const entry = FileEntrySchema.parse({ name: "x.gcode", read_only: true, type: "PRINT_FILE", size: 10 });
    expect(normalizeFileEntry(entry, "/local")).toMatchObject({
      path: "/local/x.gcode",
      readOnly: true,
      size: 10,
    });
  });

  it("turns the vanished job into a terminal one on FINISHED / STOPPED", () => {
    const last = { id: "5", name: "A.BGC", state: "PRINTING" as const, progress: 97 };
    expect(
      normalizeStatus(StatusSchema.parse({ printer: { state: "FINISHED" } }), undefined, at, last).job,
    ).toMatchObject({ state: "COMPLETED", progress: 100 });
    expect(
      normalizeStatus(StatusSchema.parse({ printer: { state: "STOPPED" } }), undefined, at, last).job,
    ).toMatchObject({ state: "CANCELLED", progress: 97 });
    expect(
      normalizeStatus(StatusSchema.parse({ printer: { state: "IDLE" } }), undefined, at, last).job,
    ).toBeUndefined();
  });

  it("rejects wrong types (protocol error material)", () => {
    expect(StatusSchema.safeParse({ printer: { state: "IDLE", temp_bed: "hot" } }).success).toBe(false);
    expect(
      StatusSchema.safeParse({ printer: { state: "IDLE", extra: { anything: 1 } }, vendor_field: true })
        .success,
    ).toBe(true);
  });

  it("converts legacy fraction progress to percent", () => {
    const printer = LegacyPrinterSchema.parse({
      state: { text: "Printing", flags: { operational: true, printing: true } },
      temperature: { tool0: { actual: 214.96, target: 215 }, bed: { actual: 60, target: 60 } },
      telemetry: { material: "PETG" },
    });
    const job = LegacyJobSchema.parse({
      state: "Printing",
      job: { file: { name: "Long name.gcode", path: "/usb/LONGNA~1.GCO", display: "Long name.gcode" } },
      progress: { completion: 0.4231, printTime: 100, printTimeLeft: 200 },
    });
    const status = normalizeLegacyStatus(printer, job, at);
    expect(status.state).toBe("printing");
    expect(status.job).toMatchObject({
      id: "/usb/LONGNA~1.GCO",
      name: "LONGNA~1.GCO",
      displayName: "Long name.gcode",
      progress: 42.31,
      remainingSeconds: 200,
    });
    expect(status.temperatures.nozzle).toEqual({ current: 215, target: 215 });
    expect(status.filament).toEqual([{ unit: 0, slot: 0, material: "PETG", active: true }]);
  });

  it("selects the API from /api/version", () => {
    expect(selectApi(VersionSchema.parse({ api: "2.0.0" }))).toBe("v1");
    expect(selectApi(VersionSchema.parse({ api: "0.9.0-legacy" }))).toBe("legacy");
    expect(selectApi(VersionSchema.parse({ api: "0.1.0" }))).toBe("unsupported");
    expect(selectApi(VersionSchema.parse({}))).toBe("unsupported");
  });

  it("validates the config with defaults", () => {
    expect(PrusaLinkConfigSchema.parse({ host: "10.0.0.5", password: "x" })).toEqual({
      host: "10.0.0.5",
      port: 80,
      username: "maker",
      password: "x",
    });
    expect(PrusaLinkConfigSchema.safeParse({ host: "10.0.0.5" }).success).toBe(false);
    expect(
      PrusaLinkConfigSchema.parse({ host: "h", apiKey: "k", port: "8080", pollIntervalMs: 1000 }),
    ).toMatchObject({ port: 8080, apiKey: "k" });
  });

  it("extracts the printer's reason from error bodies", () => {
    expect(errorReason('{"title": "409: Conflict","message":"File is busy"}')).toBe("File is busy");
    expect(errorReason("409: Conflict\n\nAnother transfer in progress\n")).toBe(
      "Another transfer in progress",
    );
    expect(errorReason('{"title":"COMMAND FAILED","message":"","text":"Printer Is Not Paused"}')).toBe(
      "Printer Is Not Paused",
    );
  });

  it("encodes paths but keeps 8.3 tildes", () => {
    expect(encodePath("/usb/MURCIE~1.BGC")).toBe("/usb/MURCIE~1.BGC");
    expect(encodePath("/local/a b%.gcode")).toBe("/local/a%20b%25.gcode");
  });
});
