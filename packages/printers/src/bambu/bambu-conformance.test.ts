// Conformance: every real Bambu payload in shared/fixtures/bambu parses with our schemas and
// normalizes to the concrete values it contains (expected values checked by hand against the
// JSON and against ha-bambulab's own assertions). Fixtures live beside the repository (../shared).
import { afterAll, describe, expect, it } from "vitest";
import { fixtureNames, readFixture } from "@printernizer/printer-sim/shared-files";
import {
  BambuInfoSchema,
  BambuMessageSchema,
  BambuPrintSchema,
  type BambuPrint,
  type BambuVersionModule,
} from "./bambu-schemas";
import { developerModeOff, normalizeIdentity, normalizeStatus } from "./bambu-normalize";
import { mergeReport } from "./bambu-merge";

const at = new Date("2025-01-01T12:00:00Z");
const covered = new Set<string>();

function load(name: string): Record<string, unknown> {
  covered.add(name);
  return readFixture("bambu", name) as Record<string, unknown>;
}

/** Unwraps both fixture conventions (see the fixtures README) into (print, version modules). */
function fixture(name: string): {
  print: BambuPrint;
  modules: BambuVersionModule[];
  raw: Record<string, unknown>;
} {
  const raw = load(name);
  if ("pushall" in raw) {
    const message = BambuMessageSchema.parse(raw.pushall);
    const info = BambuMessageSchema.parse(raw.get_version).info;
    return { print: message.print!, modules: info?.module ?? [], raw };
  }
  const print = BambuPrintSchema.parse(raw.push_all);
  const info = BambuInfoSchema.parse(raw.get_version);
  return { print, modules: info.module ?? [], raw };
}

const units = (slots: { unit: number | "external" }[]) => [...new Set(slots.map((s) => s.unit))];

describe("Bambu fixtures", () => {
  it('nozzle_diameter "0.4" becomes nozzleDiameter 0.4; a value out of range is left out', () => {
    const { print, modules } = fixture("greghesp-ha-bambulab__P1P__pushall-failed-with-ams.json");
    expect(print.nozzle_diameter).toBe("0.4");
    expect(normalizeStatus(print, { at, modules }).nozzleDiameter).toBe(0.4);
    expect(normalizeStatus({ ...print, nozzle_diameter: "abc" }, { at, modules })).not.toHaveProperty(
      "nozzleDiameter",
    );
  });

  it("P1P failed print with AMS: FAILED, 759 min remaining, layer 1 of 70", () => {
    const { print, modules } = fixture("greghesp-ha-bambulab__P1P__pushall-failed-with-ams.json");
    const status = normalizeStatus(print, { at, modules });
    expect(status.rawState).toBe("FAILED");
    expect(status.state).toBe("idle");
    expect(status.job).toEqual({
      id: "lan:Fidget Collection:",
      name: "Fidget Collection",
      state: "FAILED",
      progress: 0,
      layer: 1,
      totalLayers: 70,
      remainingSeconds: 45_540,
      // Where pybambu looks for the job's 3MF (for its plate thumbnail): /cache first, then the root.
      thumbnailRef: [
        "/cache/Fidget Collection.3mf",
        "/Fidget Collection.3mf",
        "/cache/Fidget Collection.gcode.3mf",
        "/Fidget Collection.gcode.3mf",
      ].join("\n"),
    });
    expect(normalizeIdentity(modules, "SERIAL")).toEqual({
      model: "P1P",
      serial: "SERIAL",
      firmware: "01.07.00.00",
    });
    expect(modules.find((m) => m.name === "ams/0")?.sw_ver).toBe("00.00.06.49");
    expect(print.nozzle_diameter).toBe("0.4");
    expect(print.nozzle_type).toBe("hardened_steel");
    expect(status.temperatures).toEqual({
      nozzle: { current: 21.25, target: 0 },
      bed: { current: 19.84375, target: 0 },
    }); // chamber 5 is a P1 placeholder
    expect(status.filament).toHaveLength(5);
    expect(status.filament[0]).toEqual({
      unit: 0,
      slot: 0,
      trayId: 0,
      state: "loaded",
      material: "PLA",
      color: "#D357FEFF",
      active: true,
    }); // remain -1 = unknown; tray_now "0"
    expect(status.filament.filter((s) => s.active)).toHaveLength(1);
    expect(status.filament[4]).toEqual({
      unit: "external",
      slot: 0,
      trayId: 254, // vt_tray id
      state: "loaded",
      material: "PLA",
      color: "#161616FF",
      active: false,
    });
    expect(status).toMatchObject({
      wifiSignalDbm: -53,
      speedLevel: 2,
      lightOn: false,
      errors: [],
      firmware: "01.07.00.00",
    });
  });

  it("P1P idle without AMS: finished job, external spool active", () => {
    const { print, modules } = fixture("greghesp-ha-bambulab__P1P__pushall-idle-noams.json");
    const status = normalizeStatus(print, { at, modules });
    expect(status.state).toBe("idle");
    expect(status.job).toEqual({
      id: "715417865",
      name: "sensor_altanlås_v2_v3",
      state: "COMPLETED",
      progress: 100,
      layer: 124,
      totalLayers: 124,
      remainingSeconds: 0,
      thumbnailRef: [
        "/cache/sensor_altanlås_v2_v3.3mf",
        "/sensor_altanlås_v2_v3.3mf",
        "/cache/sensor_altanlås_v2_v3.gcode.3mf",
        "/sensor_altanlås_v2_v3.gcode.3mf",
      ].join("\n"),
    });
    expect(normalizeIdentity(modules, "S")).toMatchObject({ model: "P1P", firmware: "01.08.02.00" });
    expect(status.filament).toEqual([
      // tray_now 254 = the external spool (vt_tray id 254), as pybambu's is_external_spool_active
      {
        unit: "external",
        slot: 0,
        trayId: 254,
        state: "loaded",
        material: "PETG",
        color: "#BCBCBCFF",
        active: true,
      },
    ]);
    expect(status.temperatures.chamber).toBeUndefined();
    expect(status).toMatchObject({ lightOn: true, wifiSignalDbm: -42, speedLevel: 2 });
  });

  it("X1C with three AMS and an AMS HT: four units, packed device temperatures, fun bit", () => {
    const { print, modules } = fixture("greghesp-ha-bambulab__X1C__pushall-multi-ams.json");
    const status = normalizeStatus(print, { at, modules });
    expect(units(status.filament)).toEqual([0, 1, 2, 128]);
    expect(status.filament).toHaveLength(13);
    expect(status.filament.find((s) => s.unit === 128)).toEqual({
      unit: 128,
      slot: 0,
      trayId: 128,
      state: "loaded",
      material: "PA-CF",
      color: "#000000FF",
      remainingPercent: 100,
      active: false,
    });
    expect(status.filament.find((s) => s.unit === 2 && s.slot === 0)).toEqual({
      unit: 2,
      slot: 0,
      trayId: 8,
      state: "empty",
      active: false,
    }); // empty slot: {"id": "0", "state": 0}
    expect(status.filament.find((s) => s.unit === 1 && s.slot === 0)).toMatchObject({
      material: "ABS",
      color: "#D32941FF",
      remainingPercent: 21,
    });
    expect(status.filament.some((s) => s.active)).toBe(false); // tray_now 255, snow 0xFFFF
    expect(status.temperatures).toEqual({
      nozzle: { current: 26, target: 0 },
      bed: { current: 23, target: 0 },
      chamber: { current: 25, target: 0 },
    });
    expect(status.job).toMatchObject({
      id: "702383065",
      name: "Garden Hose Healer: Male fitting",
      state: "COMPLETED",
      progress: 100,
      layer: 480,
      totalLayers: 480,
    });
    expect(normalizeIdentity(modules, "S")).toMatchObject({ model: "X1C", firmware: "01.09.00.01" });
    expect(developerModeOff(print)).toBe(true); // fun 11A30F9CFB has 0x20000000 set
    expect(status).toMatchObject({ lightOn: true, wifiSignalDbm: -66, speedLevel: 2, errors: [] });
  });

  it("A1 idle with AMS Lite", () => {
    const { print, modules } = fixture("greghesp-ha-bambulab__A1__pushall-idle-amslite.json");
    const status = normalizeStatus(print, { at, modules });
    expect(status.state).toBe("idle");
    expect(status.job).toBeUndefined();
    expect(normalizeIdentity(modules, "S")).toMatchObject({ model: "A1", firmware: "01.05.00.00" });
    expect(modules.some((m) => m.name === "ams_f1/0")).toBe(true);
    expect(status.filament.map((s) => s.color)).toEqual([
      "#76D9F4FF",
      "#FFF144FF",
      "#FF80FFFF",
      "#0ACC38FF",
      "#FFFFFFFF",
    ]);
    // The AMS Lite's remain (100 here) is not a measurement: pybambu hides it on the A1 (AMS_FILAMENT_REMAINING).
    expect(status.filament.slice(0, 4).every((s) => s.remainingPercent === undefined && !s.active)).toBe(
      true,
    );
    expect(status.temperatures).toEqual({
      nozzle: { current: 27.8125, target: 0 },
      bed: { current: 29.75, target: 0 },
    });
    expect(developerModeOff(print)).toBeUndefined(); // A1/P1 do not send `fun`
  });

  it("H2D: both nozzles, packed bed and chamber, AMS 0 + AMS HT 128, delta fragments", () => {
    const { print, modules, raw } = fixture("greghesp-ha-bambulab__H2D__pushall-plus-delta-fragments.json");
    const status = normalizeStatus(print, { at, modules });
    expect(status.state).toBe("printing");
    expect(status.job).toMatchObject({
      id: "690732215",
      name: "Number 10 House Numbers_plate_1",
      state: "PRINTING",
      progress: 0,
      layer: 0,
      totalLayers: 26,
      remainingSeconds: 6_900,
    });
    expect(status.temperatures).toEqual({
      nozzle: { current: 264, target: 225 },
      nozzles: [
        { current: 264, target: 225 },
        { current: 40, target: 0 },
      ],
      bed: { current: 100, target: 100 },
      chamber: { current: 48, target: 60 },
    });
    expect(units(status.filament)).toEqual([0, 128]);
    expect(status.filament[0]).toEqual({
      unit: 0,
      slot: 0,
      trayId: 0,
      state: "loaded",
      material: "PLA",
      color: "#FFFFFFFF",
      remainingPercent: 47,
      extruder: 1, // AMS 0 info "1101": bits 8..11 = 1, the left extruder
      active: false,
    });
    expect(status.filament.find((s) => s.active)).toMatchObject({ unit: 128, slot: 0, material: "PA-GF" }); // right extruder snow 0x8000
    const ams = print.ams!.ams!;
    expect(ams.map((u) => [u.id, u.humidity_raw, u.temp])).toEqual([
      ["0", "24", "26.2"],
      ["128", "6", "27.9"],
    ]);
    expect(normalizeIdentity(modules, "S")).toMatchObject({ model: "H2D", firmware: "01.01.02.07" });
    expect(developerModeOff(print)).toBe(true); // fun 41AFFF9CFF: 0xAFFF9CFF has bit 0x20000000 set

    // Switching to the left extruder: a delta with only device.extruder.state keeps both infos.
    const left = mergeReport(print, BambuPrintSchema.parse(raw.push_left_extruder));
    const leftStatus = normalizeStatus(left, { at, modules });
    expect(leftStatus.temperatures.nozzle).toEqual({ current: 40, target: 0 });
    expect(leftStatus.temperatures.nozzles).toHaveLength(2);
    const nozzles = mergeReport(print, BambuPrintSchema.parse(raw.push_alt_nozzle_info));
    expect(nozzles.device?.nozzle?.info?.map((n) => [n.id, n.diameter, n.type])).toEqual([
      [0, 0.2, "HS00"],
      [1, 0.6, "HX05"],
    ]);
    expect(nozzles.device?.extruder?.info).toHaveLength(2);
    for (const key of [
      "push_old_door_closed",
      "push_old_door_opened",
      "push_door_closed",
      "push_door_opened",
    ]) {
      const fragment = BambuPrintSchema.parse(raw[key]);
      const merged = mergeReport(print, fragment);
      expect(merged).toMatchObject(fragment);
      expect(merged.ams).toEqual(print.ams);
    }
  });

  it("two real P1S deltas applied to a full report", () => {
    const { print: full } = fixture("greghesp-ha-bambulab__P1P__pushall-failed-with-ams.json");
    const d1 = BambuMessageSchema.parse(
      load("Rdiger-36-bambulab-ams-spoolman-filamentstatus__P1S__delta-1.json"),
    ).print!;
    const d2 = BambuMessageSchema.parse(
      load("Rdiger-36-bambulab-ams-spoolman-filamentstatus__P1S__delta-2.json"),
    ).print!;
    expect([d1.msg, d2.msg]).toEqual([1, 1]);
    const merged = mergeReport(mergeReport(full, d1), d2);
    expect(merged.bed_temper).toBe(12);
    expect(merged.wifi_signal).toBe("-68dBm");
    expect(merged.sequence_id).toBe("40942");
    // Everything the deltas did not carry is unchanged.
    const { bed_temper: _b, wifi_signal: _w, sequence_id: _s, msg: _m, ...rest } = merged;
    const { bed_temper: _b0, wifi_signal: _w0, sequence_id: _s0, msg: _m0, ...restFull } = full;
    expect(rest).toEqual(restFull);
    const status = normalizeStatus(merged, { at, model: "P1S" });
    expect(status.temperatures.bed).toEqual({ current: 12, target: 0 });
    expect(status.wifiSignalDbm).toBe(-68);
    expect(status.filament).toHaveLength(5);
    expect(status.job).toMatchObject({
      state: "FAILED",
      layer: 1,
      totalLayers: 70,
      remainingSeconds: 45_540,
    });
  });

  afterAll(() => {
    // Every fixture file must be exercised by a test above.
    const all = fixtureNames("bambu");
    expect(all.filter((f) => !covered.has(f))).toEqual([]);
  });
});
