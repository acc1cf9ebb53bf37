// Filament slots as Bambu numbers them (matching what ha-bambulab's pybambu shows in Home Assistant
// and Bambu Studio's DevFilaSystem):
// - AMS trays are `unit` 0..3 (AMS, AMS Lite, AMS 2 Pro) or 128+ (AMS HT, one tray); their global
//   tray id is unit * 4 + slot (HT: the unit id).
// - External spools are identified by their tray id, never by array position: 254 on single-nozzle
//   printers (`vt_tray`, `tray_now` 254), and on newer firmware `vir_slot[]` with id 255 - extruder
//   (255 = main/right extruder 0, 254 = deputy/left extruder 1 on H2D/H2C).
// - The loaded slot is per extruder: `device.extruder.info[].snow` = (ams id << 8) | tray, where
//   ams 254/255 names the external spool of that id and tray 0xFF means nothing loaded; older
//   firmware only has `ams.tray_now`. The slot marked active is the one loaded in the ACTIVE extruder.
// - An AMS unit's `info` hex string says its type in bits 0..3 (1 AMS, 2 AMS Lite, 3 AMS 2 Pro, 4 AMS HT)
//   and the extruder it feeds in bits 8..11 (Bambu Studio DevFilaSystemParser get_flag_bits).
// - The AMS Lite's `remain` is only ever 100 or 0, not a measurement (pybambu AMS_FILAMENT_REMAINING).
// - A tray's `state` tells empty, loaded without RFID data, and loaded apart (pybambu
//   ams_tray_spool_loaded / tests/test_ams_tray_state.py).
import type { FilamentSlot } from "../core/model";
import type { BambuAmsUnit, BambuPrint, BambuTray } from "./bambu-schemas";

const NOTHING = 0xff;
const EXTERNAL_MAIN = 255;
const EXTERNAL_DEPUTY = 254;

/** `device.extruder.state`: low nibble = extruder count, next nibble = active extruder. */
export function activeExtruder(print: BambuPrint): number {
  const state = print.device?.extruder?.state;
  return state === undefined || !Number.isInteger(state) ? 0 : (state >> 4) & 0xf;
}

function extruderCount(print: BambuPrint): number {
  const state = print.device?.extruder?.state;
  const fromState = state === undefined || !Number.isInteger(state) ? 0 : state & 0xf;
  return Math.max(fromState, print.device?.extruder?.info?.length ?? 0, 1);
}

/** #RRGGBBAA or #RRGGBB from `tray_color` (or the first of `cols`); anything else is no colour. */
export function parseColor(tray: BambuTray): string | undefined {
  const raw = tray.tray_color ?? tray.cols?.[0];
  return raw && /^([0-9a-f]{6}|[0-9a-f]{8})$/i.test(raw) ? `#${raw.toUpperCase()}` : undefined;
}

/**
 * Whether a tray `state` says a spool is in the slot, as pybambu's ams_tray_spool_loaded: legacy
 * firmware 0..7 (3 = loaded), newer firmware 8..15 at rest (9 = loaded without RFID data, 11 =
 * loaded; 8 and 10 empty), 16+ while the spool moves (reported as empty).
 */
export function spoolLoaded(state: number): boolean {
  if (state < 8) return state === 3;
  if (state < 16) return (state & 1) === 1;
  return false;
}

type SlotState = NonNullable<FilamentSlot["state"]>;

function trayState(tray: BambuTray, material: string | undefined): SlotState {
  const loaded =
    tray.state !== undefined && Number.isInteger(tray.state)
      ? spoolLoaded(tray.state)
      : material !== undefined;
  if (!loaded) return "empty";
  // A spool without RFID data reads as loaded with no type, unless the user set one in Studio.
  return material ? "loaded" : "no_rfid";
}

interface SlotBase {
  unit: FilamentSlot["unit"];
  slot: number;
  trayId: number;
  extruder: number | undefined;
  /** The unit measures what is left (never for an external spool or an AMS Lite). */
  measures: boolean;
}

function slot(base: SlotBase, tray: BambuTray, active: boolean, external: boolean): FilamentSlot {
  const typed = tray.tray_type?.trim() || undefined;
  const state = external ? (typed ? "loaded" : "no_rfid") : trayState(tray, typed);
  const material = state === "loaded" ? typed : undefined;
  const color = material ? parseColor(tray) : undefined;
  // -1 when unknown; an external spool always reports 0.
  const measured = base.measures && tray.remain !== undefined && tray.remain >= 0 && tray.remain <= 100;
  return {
    unit: base.unit,
    slot: base.slot,
    trayId: base.trayId,
    state,
    ...(material ? { material } : {}),
    ...(color ? { color } : {}),
    ...(material && measured ? { remainingPercent: tray.remain } : {}),
    ...(base.extruder !== undefined ? { extruder: base.extruder } : {}),
    active,
  };
}

/** The loaded tray of one extruder as a Bambu tray id (0..15, 128+, 254/255), or undefined. */
function loadedTrayId(print: BambuPrint, extruder: number): number | undefined {
  const info = print.device?.extruder?.info;
  const snow = info?.find((e) => e.id === extruder)?.snow ?? (info?.length === 1 ? info[0]?.snow : undefined);
  if (snow !== undefined && Number.isInteger(snow) && snow >= 0) {
    const ams = (snow >> 8) & 0xff;
    const tray = snow & 0xff;
    if (tray === NOTHING) return undefined;
    if (ams === EXTERNAL_MAIN || ams === EXTERNAL_DEPUTY) return ams;
    return ams >= 128 ? ams : ams * 4 + tray;
  }
  if (extruder !== 0) return undefined;
  const now = Number(print.ams?.tray_now);
  if (!Number.isInteger(now) || now < 0 || now === NOTHING) return undefined;
  return now; // 254 = the external spool, 128+ = an AMS HT, else unit * 4 + slot
}

/** An AMS unit's `info`: type (bits 0..3) and the extruder it feeds (bits 8..11, 0xE = not set up). */
function unitInfo(unit: BambuAmsUnit): { type: number; extruder: number | undefined } | undefined {
  const info: unknown = unit.info;
  if (typeof info !== "string" || !/^[0-9a-f]{1,8}$/i.test(info)) return undefined;
  const bits = parseInt(info, 16);
  const extruder = (bits >> 8) & 0xf;
  return { type: bits & 0xf, extruder: extruder <= 1 ? extruder : undefined };
}

const AMS_LITE = 2;

/** The external spools with their tray ids: `vir_slot[]` on new firmware, else the one `vt_tray`. */
function externalTrays(print: BambuPrint): { id: number; tray: BambuTray }[] {
  const list =
    print.vir_slot && print.vir_slot.length > 0 ? print.vir_slot : print.vt_tray ? [print.vt_tray] : [];
  const seen = new Set<number>();
  const result: { id: number; tray: BambuTray }[] = [];
  for (const tray of list) {
    const id = Number(tray.id ?? EXTERNAL_DEPUTY);
    if ((id !== EXTERNAL_MAIN && id !== EXTERNAL_DEPUTY) || seen.has(id)) continue;
    seen.add(id);
    result.push({ id, tray });
  }
  return result;
}

export interface FilamentOptions {
  /** From the model table: two extruders even before a report says so. */
  dualNozzle?: boolean;
  /** From the model table: false when the printer's AMS is an AMS Lite (A1, A1 mini). */
  amsRemaining?: boolean;
}

export function filament(print: BambuPrint, options: FilamentOptions = {}): FilamentSlot[] {
  const dual = options.dualNozzle === true || extruderCount(print) > 1;
  const loaded = loadedTrayId(print, activeExtruder(print));
  const slots: FilamentSlot[] = [];
  for (const unit of print.ams?.ams ?? []) {
    const unitId = Number(unit.id);
    if (!Number.isInteger(unitId) || unitId < 0 || unitId > 255) continue;
    const info = unitInfo(unit);
    const extruder = dual ? info?.extruder : undefined;
    // The unit's own type wins (an A1 can carry an AMS 2 Pro); without it, the model's AMS.
    const measures = info ? info.type !== AMS_LITE : options.amsRemaining !== false;
    for (const tray of unit.tray ?? []) {
      const index = Number(tray.id);
      if (!Number.isInteger(index) || index < 0 || index > 3) continue;
      const trayId = unitId >= 128 ? unitId : unitId * 4 + index;
      const base = { unit: unitId, slot: index, trayId, extruder, measures };
      slots.push(slot(base, tray, loaded === trayId, false));
    }
  }
  const externals = externalTrays(print);
  for (const { id, tray } of externals) {
    // Single nozzle: the one external spool is what tray_now 254 / snow 0xFExx or 0xFFxx names.
    const isLoaded =
      loaded !== undefined && (dual ? loaded === id : loaded === EXTERNAL_MAIN || loaded === EXTERNAL_DEPUTY);
    // Listed only when it carries a material or is in use (an empty external spool is not a slot).
    if (!tray.tray_type?.trim() && !isLoaded) continue;
    const extruder = dual ? EXTERNAL_MAIN - id : undefined;
    const base = { unit: "external" as const, slot: extruder ?? 0, trayId: id, extruder, measures: false };
    slots.push(slot(base, tray, isLoaded, true));
  }
  return slots;
}
