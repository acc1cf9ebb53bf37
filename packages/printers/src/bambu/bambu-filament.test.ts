// Filament slots as Bambu numbers them, checked against ha-bambulab's pybambu (models.py AMSList /
// ExternalSpool, tests/test_ams_tray_state.py) and Bambu Studio (vir_slot 255 = main extruder 0,
// 254 = deputy extruder 1; AMS `info` bits 8..11 = extruder), over the shared fixtures and
// hand-built payloads for each case.
import { describe, expect, it } from "vitest";
import { readFixture } from "@printernizer/printer-sim/shared-files";
import type { FilamentSlot } from "../core/model";
import { FilamentSlotSchema } from "../core/model";
import { sanitizeStatus } from "../core/sanitize-status";
import { filament, spoolLoaded } from "./bambu-filament";
import { mergeReport } from "./bambu-merge";
import { normalizeStatus } from "./bambu-normalize";
import { BambuMessageSchema, BambuPrintSchema, type BambuPrint, type BambuTray } from "./bambu-schemas";

function fixturePrint(name: string): { print: BambuPrint; raw: Record<string, unknown> } {
  const raw = readFixture("bambu", name) as Record<string, unknown>;
  const print =
    "pushall" in raw ? BambuMessageSchema.parse(raw.pushall).print! : BambuPrintSchema.parse(raw.push_all);
  return { print, raw };
}

const active = (slots: FilamentSlot[]) => slots.filter((s) => s.active);
const pla = (id: string, extra: Partial<BambuTray> = {}): BambuTray => ({
  id,
  state: 11,
  tray_type: "PLA",
  tray_color: "FF0000FF",
  remain: 80,
  ...extra,
});
const externalSpool = (id: string, type: string): BambuTray => ({
  id,
  tray_type: type,
  tray_color: "00FF00FF",
  remain: 0,
});

/** An H2D-shaped report: AMS 0 on the left extruder, AMS HT 128 on the right, two external spools. */
function h2d(options: {
  state: number;
  snow0: number;
  snow1: number;
  ext255?: string;
  ext254?: string;
}): BambuPrint {
  return {
    ams: {
      ams: [
        { id: "0", info: "1101", tray: [pla("0"), pla("1"), pla("2"), pla("3")] },
        { id: "128", info: "2004", tray: [pla("0", { tray_type: "PA-GF" })] },
      ],
      tray_now: "0",
    },
    vir_slot: [externalSpool("254", options.ext254 ?? "PETG"), externalSpool("255", options.ext255 ?? "TPU")],
    device: {
      extruder: {
        state: options.state,
        info: [
          { id: 0, snow: options.snow0, temp: 200 },
          { id: 1, snow: options.snow1, temp: 40 },
        ],
      },
    },
  };
}

describe("external spools by tray id (254/255), not by array position", () => {
  it("dual nozzle: vir_slot 255 feeds the right extruder 0, 254 the left extruder 1, whatever their order", () => {
    const slots = filament(h2d({ state: 0x02, snow0: 0xffff, snow1: 0xffff }));
    const externals = slots.filter((s) => s.unit === "external");
    expect(externals).toEqual([
      {
        unit: "external",
        slot: 1,
        trayId: 254,
        state: "loaded",
        material: "PETG",
        color: "#00FF00FF",
        extruder: 1,
        active: false,
      },
      {
        unit: "external",
        slot: 0,
        trayId: 255,
        state: "loaded",
        material: "TPU",
        color: "#00FF00FF",
        extruder: 0,
        active: false,
      },
    ]);
    const reversed = h2d({ state: 0x02, snow0: 0xffff, snow1: 0xffff });
    reversed.vir_slot = [...reversed.vir_slot!].reverse();
    expect(
      filament(reversed)
        .filter((s) => s.unit === "external")
        .map((s) => [s.trayId, s.extruder, s.material]),
    ).toEqual([
      [255, 0, "TPU"],
      [254, 1, "PETG"],
    ]);
  });

  it("dual nozzle: the active extruder's snow 0xFE00 marks external spool 254 active, not AMS 0 slot 0", () => {
    // Left extruder (1) active: state 0x12 = 2 extruders, active 1. Right extruder holds AMS HT 128.
    const slots = filament(h2d({ state: 0x12, snow0: 0x8000, snow1: 0xfe00 }));
    expect(active(slots)).toEqual([expect.objectContaining({ unit: "external", trayId: 254, extruder: 1 })]);
  });

  it("dual nozzle: the right extruder's snow 0xFF00 marks external spool 255 active", () => {
    const slots = filament(h2d({ state: 0x02, snow0: 0xff00, snow1: 0x0003 }));
    expect(active(slots)).toEqual([expect.objectContaining({ unit: "external", trayId: 255, extruder: 0 })]);
  });

  it("dual nozzle: the slot marked active follows the extruder switch (pybambu active_tray per nozzle)", () => {
    const right = filament(h2d({ state: 0x02, snow0: 0x8000, snow1: 0x0003 }));
    expect(active(right)).toEqual([
      expect.objectContaining({ unit: 128, slot: 0, trayId: 128, extruder: 0 }),
    ]);
    const left = filament(h2d({ state: 0x12, snow0: 0x8000, snow1: 0x0003 }));
    expect(active(left)).toEqual([expect.objectContaining({ unit: 0, slot: 3, trayId: 3, extruder: 1 })]);
  });

  it("a tray byte of 0xFF means nothing loaded (pybambu: active_tray None), even with ams 254", () => {
    expect(active(filament(h2d({ state: 0x12, snow0: 0x8000, snow1: 0xfeff })))).toEqual([]);
  });

  it("single nozzle: tray_now 254 is the one external spool, whatever its id (vt_tray 254 or vir_slot 255)", () => {
    const legacy: BambuPrint = { ams: { tray_now: "254" }, vt_tray: externalSpool("254", "PETG") };
    expect(filament(legacy)).toEqual([
      {
        unit: "external",
        slot: 0,
        trayId: 254,
        state: "loaded",
        material: "PETG",
        color: "#00FF00FF",
        active: true,
      },
    ]);
    const newer: BambuPrint = {
      device: { extruder: { state: 1, info: [{ id: 0, snow: 0xff00 }] } },
      vir_slot: [externalSpool("255", "ASA")],
    };
    expect(filament(newer)).toEqual([
      {
        unit: "external",
        slot: 0,
        trayId: 255,
        state: "loaded",
        material: "ASA",
        color: "#00FF00FF",
        active: true,
      },
    ]);
  });

  it("an external spool without material is listed only while it is in use", () => {
    const empty: BambuPrint = { ams: { tray_now: "255" }, vt_tray: externalSpool("254", "") };
    expect(filament(empty)).toEqual([]);
    const inUse: BambuPrint = { ams: { tray_now: "254" }, vt_tray: externalSpool("254", "") };
    expect(filament(inUse)).toEqual([
      { unit: "external", slot: 0, trayId: 254, state: "no_rfid", active: true },
    ]);
  });
});

describe("tray state: empty, loaded without RFID data, loaded (pybambu test_ams_tray_state.py)", () => {
  it("spoolLoaded matches ams_tray_spool_loaded: legacy 3, steady 9 and 11, moving 16+ never", () => {
    expect([0, 1, 2, 3, 5].map(spoolLoaded)).toEqual([false, false, false, true, false]);
    expect([8, 9, 10, 11].map(spoolLoaded)).toEqual([false, true, false, true]);
    expect([17, 21].map(spoolLoaded)).toEqual([false, false]);
  });

  const one = (tray: BambuTray) => filament({ ams: { ams: [{ id: "0", tray: [tray] }] } })[0];

  it("state 0 / id only: empty, no material even if a stale type is sent", () => {
    expect(one({ id: "0", state: 0 })).toEqual({
      unit: 0,
      slot: 0,
      trayId: 0,
      state: "empty",
      active: false,
    });
    expect(one({ id: "0" })).toEqual({ unit: 0, slot: 0, trayId: 0, state: "empty", active: false });
    // test_motion_state_21_empty_despite_type
    expect(one({ id: "0", state: 21, tray_type: "PETG", tray_color: "FFFFFFFF", remain: 50 })).toEqual({
      unit: 0,
      slot: 0,
      trayId: 0,
      state: "empty",
      active: false,
    });
  });

  it("state 9 without data: loaded, unknown material (test_state_9_unknown_spool)", () => {
    expect(one({ id: "0", state: 9, tray_type: "", tray_info_idx: "", remain: -1 })).toEqual({
      unit: 0,
      slot: 0,
      trayId: 0,
      state: "no_rfid",
      active: false,
    });
  });

  it("a spool without RFID whose type the user set shows that type (test_legacy_state_3_type_only)", () => {
    expect(
      one({ id: "1", state: 3, tray_type: "PLA", tray_info_idx: "", tray_color: "112233FF", remain: -1 }),
    ).toEqual({
      unit: 0,
      slot: 1,
      trayId: 1,
      state: "loaded",
      material: "PLA",
      color: "#112233FF",
      active: false,
    });
  });

  it("state 11 with everything cleared: loaded, unknown (test_state_11_clear_all_metadata_unknown)", () => {
    expect(one({ id: "1", state: 11, tray_type: "", tray_sub_brands: "" })?.state).toBe("no_rfid");
  });

  it("remain -1 is unknown, 0..100 is shown", () => {
    expect(one(pla("0", { remain: -1 }))).not.toHaveProperty("remainingPercent");
    expect(one(pla("0", { remain: 0 }))?.remainingPercent).toBe(0);
  });

  it("an AMS Lite's remain is not shown (only ever 100 or 0: pybambu AMS_FILAMENT_REMAINING), other units' is", () => {
    const unit = (info: string | undefined) => ({
      ams: { ams: [{ id: "0", ...(info ? { info } : {}), tray: [pla("0", { remain: 100 })] }] },
    });
    expect(filament(unit("1002"))[0]).not.toHaveProperty("remainingPercent"); // type 2 = AMS Lite
    expect(filament(unit("1003"))[0]?.remainingPercent).toBe(100); // AMS 2 Pro, also on an A1
    expect(filament(unit("1003"), { amsRemaining: false })[0]?.remainingPercent).toBe(100);
    // Without `info` the model decides (A1 / A1 mini: AMS Lite).
    expect(filament(unit(undefined), { amsRemaining: false })[0]).not.toHaveProperty("remainingPercent");
    expect(filament(unit(undefined))[0]?.remainingPercent).toBe(100);
  });

  it("no state field (A1, P1 firmware): a material means loaded, none means empty", () => {
    expect(one({ id: "0", tray_type: "PLA" })?.state).toBe("loaded");
    expect(one({ id: "0", tray_type: "" })?.state).toBe("empty");
  });
});

describe("fixtures", () => {
  it("X1C multi-AMS: tray ids unit*4+slot, AMS HT 128, the {id, state: 0} tray is empty, nothing active", () => {
    const slots = filament(fixturePrint("greghesp-ha-bambulab__X1C__pushall-multi-ams.json").print);
    expect(slots.map((s) => s.trayId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128]);
    expect(slots.filter((s) => s.state === "empty").map((s) => s.trayId)).toEqual([8]);
    expect(slots.every((s) => s.extruder === undefined)).toBe(true); // one extruder
    expect(active(slots)).toEqual([]); // snow 0xFFFF
    expect(slots.some((s) => s.unit === "external")).toBe(false); // vir_slot 255 has no material
  });

  it("A1 with AMS Lite: four loaded trays and the external spool 254, no state field", () => {
    const slots = filament(fixturePrint("greghesp-ha-bambulab__A1__pushall-idle-amslite.json").print);
    expect(slots.map((s) => [s.unit, s.trayId, s.state])).toEqual([
      [0, 0, "loaded"],
      [0, 1, "loaded"],
      [0, 2, "loaded"],
      [0, 3, "loaded"],
      ["external", 254, "loaded"],
    ]);
  });

  it("P1P without AMS: the external spool (tray_now 254) is the active slot", () => {
    const slots = filament(fixturePrint("greghesp-ha-bambulab__P1P__pushall-idle-noams.json").print);
    expect(slots).toEqual([expect.objectContaining({ unit: "external", trayId: 254, active: true })]);
  });

  it("H2D: AMS 0 feeds the left extruder, AMS HT the right one; the right extruder's HT tray is active", () => {
    const { print, raw } = fixturePrint("greghesp-ha-bambulab__H2D__pushall-plus-delta-fragments.json");
    const slots = filament(print);
    expect(slots.map((s) => [s.unit, s.slot, s.trayId, s.extruder, s.active])).toEqual([
      [0, 0, 0, 1, false],
      [0, 1, 1, 1, false],
      [0, 2, 2, 1, false],
      [0, 3, 3, 1, false],
      [128, 0, 128, 0, true], // extruder 0 snow 0x8000; ams.tray_now "0" is the legacy field
    ]);
    // Switching to the left extruder (state 0x112): its snow 0xFEFF = nothing loaded.
    const left = mergeReport(print, BambuPrintSchema.parse(raw.push_left_extruder));
    expect(active(filament(left))).toEqual([]);
  });

  it("every slot built from every fixture fits the model schema", () => {
    for (const name of [
      "greghesp-ha-bambulab__X1C__pushall-multi-ams.json",
      "greghesp-ha-bambulab__A1__pushall-idle-amslite.json",
      "greghesp-ha-bambulab__H2D__pushall-plus-delta-fragments.json",
      "greghesp-ha-bambulab__P1P__pushall-failed-with-ams.json",
      "greghesp-ha-bambulab__P1P__pushall-idle-noams.json",
    ])
      for (const s of filament(fixturePrint(name).print))
        expect(FilamentSlotSchema.safeParse(s).success).toBe(true);
  });

  it("tray id, state and extruder survive the status sanitizer (what the worker stores); bad ones are dropped", () => {
    const { print } = fixturePrint("greghesp-ha-bambulab__H2D__pushall-plus-delta-fragments.json");
    const status = normalizeStatus(print, { at: new Date(), model: "H2D" });
    expect(sanitizeStatus(status).filament).toEqual(status.filament);
    expect(status.filament.find((s) => s.unit === 128)).toMatchObject({
      trayId: 128,
      state: "loaded",
      extruder: 0,
    });
    const bad = { ...status.filament[0]!, trayId: 999, extruder: -1 };
    const [kept] = sanitizeStatus({ ...status, filament: [bad] }).filament;
    expect(kept).not.toHaveProperty("trayId");
    expect(kept).not.toHaveProperty("extruder");
    expect(kept).toMatchObject({ unit: 0, slot: 0, state: "loaded", material: "PLA" });
  });
});
