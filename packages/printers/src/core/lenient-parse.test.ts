// Per-field parsing: what parses is kept, a bad field is dropped at the deepest sensible level with
// a warning naming its path and type, and only an essential or unabsorbable field fails the payload.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BambuMessageSchema } from "../bambu/bambu-schemas";
import { JobSchema, StatusSchema } from "../prusalink/prusalink-schemas";
import { essential, fieldOf, lenientParse } from "./lenient-parse";

describe("lenientParse", () => {
  it("a Bambu report with one bad field keeps every other field", () => {
    const result = lenientParse(BambuMessageSchema, {
      print: { command: "push_status", gcode_state: "RUNNING", mc_percent: "fifty", layer_num: 3 },
    });
    expect(result).toMatchObject({ ok: true, data: { print: { gcode_state: "RUNNING", layer_num: 3 } } });
    expect(result.ok && "mc_percent" in result.data.print!).toBe(false);
    expect(result.warnings).toEqual([
      {
        path: "print.mc_percent",
        dropped: "print.mc_percent",
        valueType: "string",
        expected: "number",
        excerpt: "fifty",
      },
    ]);
  });

  it("drops one tray's bad field, not the tray or the AMS; an object where an array is expected, and the reverse", () => {
    const result = lenientParse(BambuMessageSchema, {
      print: {
        ams: {
          tray_now: "1",
          ams: [
            {
              id: "0",
              tray: [
                { id: "0", remain: 80 },
                { id: "1", remain: [1, 2] },
              ],
            },
          ],
        },
        lights_report: { node: "chamber_light", mode: "on" },
        vt_tray: [{ id: "254" }],
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.print?.ams?.ams?.[0]?.tray).toEqual([{ id: "0", remain: 80 }, { id: "1" }]);
    expect(result.data.print?.ams?.tray_now).toBe("1");
    expect(result.warnings.map((w) => [w.path, w.valueType, w.expected]).sort()).toEqual([
      ["print.ams.ams[0].tray[1].remain", "array", "number"],
      ["print.lights_report", "object", "array"],
      ["print.vt_tray", "array", "object"],
    ]);
    expect(result.warnings.every((w) => w.excerpt === undefined)).toBe(true); // never a container's content
  });

  it("a bad hms element (required field of the wrong type) drops that element only", () => {
    const result = lenientParse(BambuMessageSchema, {
      print: {
        hms: [
          { attr: 1, code: 2 },
          { attr: "x", code: 3 },
          { attr: 4, code: 5 },
        ],
      },
    });
    expect(result.ok && result.data.print?.hms).toEqual([
      { attr: 1, code: 2 },
      { attr: 4, code: 5 },
    ]);
    expect(result.warnings).toMatchObject([{ path: "print.hms[1].attr", dropped: "print.hms[1]" }]);
    expect(fieldOf("print.hms[1].attr")).toBe("print.hms[*].attr");
  });

  it("what is not an object at all, or a bad required field with nowhere to drop it, fails the payload", () => {
    expect(lenientParse(BambuMessageSchema, 5)).toMatchObject({ ok: false });
    expect(lenientParse(BambuMessageSchema, [])).toMatchObject({ ok: false });
    const noState = lenientParse(StatusSchema, { printer: { state: 7, temp_bed: 20 } });
    expect(noState).toMatchObject({ ok: false, issues: [expect.stringContaining("printer.state")] });
  });

  it("PrusaLink: null means absent; a wrong type drops the field; job id and state are essential", () => {
    const job = lenientParse(JobSchema, {
      id: 12,
      state: "PRINTING",
      progress: null,
      time_remaining: null,
      file: null,
      time_printing: "12s",
    });
    expect(job).toMatchObject({ ok: true, data: { id: 12, state: "PRINTING" } });
    expect(job.warnings.map((w) => w.path)).toEqual(["time_printing"]);
    const status = lenientParse(StatusSchema, {
      printer: { state: "IDLE", temp_nozzle: null, temp_bed: "warm", status_connect: null },
      storage: [{ path: "/local" }, { path: 5 }],
    });
    expect(status).toMatchObject({ ok: true, data: { printer: { state: "IDLE" } } });
    expect(status.warnings.map((w) => w.path).sort()).toEqual(["printer.temp_bed", "storage[1].path"]);
    expect(lenientParse(JobSchema, { id: "seven", state: "PRINTING" }).ok).toBe(false);
    expect(lenientParse(JobSchema, { id: 7, state: "EXPLODED" }).ok).toBe(false);
    expect(lenientParse(StatusSchema, { printer: { state: "PRINTING" }, job: { id: -1 } }).ok).toBe(false);
  });

  it("essential() marks a field whose failure is the payload's", () => {
    const schema = z.looseObject({ id: essential(z.number()).optional(), name: z.string().optional() });
    expect(lenientParse(schema, { id: "x", name: "a" }).ok).toBe(false);
    expect(lenientParse(schema, { id: 1, name: 2 })).toMatchObject({ ok: true, data: { id: 1 } });
  });

  it("a 5,000-element array of bad entries yields a bounded list of warnings", () => {
    const hms = Array.from({ length: 5_000 }, () => ({ attr: "x", code: 1 }));
    const result = lenientParse(BambuMessageSchema, { print: { hms } });
    expect(result.ok && result.data.print?.hms).toEqual([]);
    expect(result.warnings.length).toBe(50);
  });
});
