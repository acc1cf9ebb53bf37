// Maps the merged Bambu report (+ the get_version answer) onto the normalized printer model.
// Quirks handled here: mc_remaining_time is minutes; newer firmware packs temperatures as
// (target << 16 | current) under `device`; P1/A1 report a fixed chamber placeholder; AMS HT
// units have ids ≥ 128 with one tray; H2D has two extruders and two virtual slots.
import type {
  FilamentSlot,
  Job,
  JobState,
  PrinterError,
  PrinterIdentity,
  PrinterState,
  PrinterStatus,
  Temperature,
  Temperatures,
} from "../core/model";
import type { BambuPrint, BambuTray, BambuVersionModule } from "./bambu-schemas";
import { cleanText } from "../core/sanitize";
import { hmsCode, hmsToError, isCancelPrintError, printErrorToError } from "./bambu-hms";

export type BambuFamily = "x1" | "p1a1";

/** ESP32-based printers send deltas and a fake chamber temperature. */
const P1A1_MODELS = new Set(["P1P", "P1S", "A1", "A1 mini"]);

const STATE_MAP: Record<string, { printer: PrinterState; job?: JobState }> = {
  IDLE: { printer: "idle" },
  PREPARE: { printer: "busy", job: "PREPARING" },
  SLICING: { printer: "busy", job: "PREPARING" },
  RUNNING: { printer: "printing", job: "PRINTING" },
  PAUSE: { printer: "paused", job: "PAUSED" },
  FINISH: { printer: "idle", job: "COMPLETED" },
  FAILED: { printer: "idle", job: "FAILED" },
};

/** Short model name from get_version ("Bambu Lab X1-Carbon" → "X1C"), with ha-bambulab's legacy fallbacks. */
export function modelFromVersion(modules: readonly BambuVersionModule[] | undefined): string | undefined {
  if (!modules) return undefined;
  const ota = modules.find((m) => m.name === "ota");
  const product = ota?.product_name?.trim();
  if (product) {
    const short = product.replace(/^Bambu Lab\s+/i, "");
    return short === "X1-Carbon" ? "X1C" : short;
  }
  const byName = (name: string) => modules.find((m) => m.name === name);
  const esp32 = byName("esp32");
  const project = ota?.project_name ?? esp32?.project_name;
  if (project === "C11") return "P1P";
  if (project === "C12") return "P1S";
  if (project === "N1") return "A1 mini";
  if (project === "N2S") return "A1";
  const ap = byName("rv1126") ?? byName("ap");
  if (ap?.hw_ver === "AP02") return "X1E";
  if (ap) return "X1C";
  return undefined;
}

export function familyOf(
  model: string | undefined,
  modules?: readonly BambuVersionModule[],
): BambuFamily | undefined {
  if (model && P1A1_MODELS.has(model)) return "p1a1";
  if (modules?.some((m) => m.name === "esp32")) return "p1a1";
  if (model) return "x1";
  return undefined;
}

export function firmwareFromVersion(modules: readonly BambuVersionModule[] | undefined): string | undefined {
  return modules?.find((m) => m.name === "ota")?.sw_ver;
}

export function normalizeIdentity(
  modules: readonly BambuVersionModule[] | undefined,
  serial: string,
  fingerprint?: string,
): PrinterIdentity {
  const model = modelFromVersion(modules);
  const firmware = firmwareFromVersion(modules);
  return {
    ...(model ? { model } : {}),
    serial,
    ...(firmware ? { firmware } : {}),
    ...(fingerprint ? { certificateFingerprint: fingerprint } : {}),
  };
}

/** `(target << 16) | current`; values below 2^16 are a bare current temperature with target 0. */
export function unpackTemperature(packed: number): Temperature {
  return { current: packed & 0xffff, target: packed >>> 16 };
}

/** "-53dBm" → -53. */
export function parseWifiSignal(value: string | undefined): number | undefined {
  const match = value ? /^\s*(-?\d+(?:\.\d+)?)\s*dBm\s*$/i.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/** The `fun` hex bitfield: bit 0x20000000 set means commands need a signature (LAN Developer Mode off). */
export function developerModeOff(print: Pick<BambuPrint, "fun">): boolean | undefined {
  if (!print.fun || !/^[0-9a-f]+$/i.test(print.fun)) return undefined;
  return (BigInt(`0x${print.fun}`) & 0x20000000n) !== 0n;
}

function temperatures(print: BambuPrint, family: BambuFamily | undefined): Temperatures {
  const result: Temperatures = {};
  const device = print.device;
  const extruders = device?.extruder?.info?.filter((e) => typeof e.temp === "number") ?? [];
  if (extruders.length > 0) {
    const sorted = [...extruders].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    const nozzles = sorted.map((e) => unpackTemperature(e.temp!));
    const active = activeExtruder(print);
    result.nozzle = nozzles[active] ?? nozzles[0]!;
    if (nozzles.length > 1) result.nozzles = nozzles;
  } else if (print.nozzle_temper !== undefined || print.nozzle_target_temper !== undefined) {
    result.nozzle = pair(print.nozzle_temper, print.nozzle_target_temper);
  }
  const bed = device?.bed?.info?.temp;
  if (bed !== undefined) result.bed = unpackTemperature(bed);
  else if (print.bed_temper !== undefined || print.bed_target_temper !== undefined)
    result.bed = pair(print.bed_temper, print.bed_target_temper);
  const chamber = device?.ctc?.info?.temp;
  if (chamber !== undefined) result.chamber = unpackTemperature(chamber);
  else if (print.chamber_temper !== undefined && !isChamberPlaceholder(print, family))
    result.chamber = { current: print.chamber_temper };
  return result;
}

// P1/A1 have no chamber sensor and report a constant 5 °C.
function isChamberPlaceholder(print: BambuPrint, family: BambuFamily | undefined): boolean {
  if (family === "p1a1") return true;
  return family === undefined && print.chamber_temper === 5 && print.device === undefined;
}

function pair(current: number | undefined, target: number | undefined): Temperature {
  return { ...(current !== undefined ? { current } : {}), ...(target !== undefined ? { target } : {}) };
}

/** `device.extruder.state`: low nibble = extruder count, next nibble = active extruder. */
function activeExtruder(print: BambuPrint): number {
  const state = print.device?.extruder?.state;
  return state === undefined ? 0 : (state >> 4) & 0xf;
}

function parseColor(tray: BambuTray): string | undefined {
  const raw = tray.tray_color ?? tray.cols?.[0];
  return raw && /^[0-9a-f]{8}$/i.test(raw)
    ? `#${raw.toUpperCase()}`
    : raw && /^[0-9a-f]{6}$/i.test(raw)
      ? `#${raw.toUpperCase()}`
      : undefined;
}

function slot(unit: FilamentSlot["unit"], index: number, tray: BambuTray, active: boolean): FilamentSlot {
  const material = tray.tray_type?.trim();
  const color = material ? parseColor(tray) : undefined;
  // Only AMS trays measure what is left (-1 when unknown); an external spool always reports 0.
  const measured = unit !== "external" && tray.remain !== undefined && tray.remain >= 0;
  return {
    unit,
    slot: index,
    ...(material ? { material } : {}),
    ...(color ? { color } : {}),
    ...(material && measured ? { remainingPercent: tray.remain } : {}),
    active,
  };
}

/** The loaded tray as { unit, slot }: per-extruder `snow` on new firmware, else `ams.tray_now`. */
function activeTray(print: BambuPrint): { unit: number | "external"; slot: number } | undefined {
  const extruders = print.device?.extruder?.info;
  if (extruders && extruders.length > 0) {
    const active = activeExtruder(print);
    const snow = (extruders.find((e) => e.id === active) ?? extruders[0])?.snow;
    if (snow !== undefined) {
      const ams = snow >> 8;
      const tray = snow & 0xff;
      if (ams === 0xff || tray === 0xff) return undefined;
      if (ams === 0xfe) return { unit: "external", slot: 0 };
      return { unit: ams, slot: tray };
    }
  }
  const now = Number(print.ams?.tray_now);
  if (!Number.isInteger(now) || now === 255) return undefined;
  if (now === 254) return { unit: "external", slot: 0 };
  if (now >= 128) return { unit: now, slot: 0 };
  return { unit: Math.floor(now / 4), slot: now % 4 };
}

function filament(print: BambuPrint): FilamentSlot[] {
  const loaded = activeTray(print);
  const isActive = (unit: FilamentSlot["unit"], index: number) =>
    loaded !== undefined && loaded.unit === unit && loaded.slot === index;
  const slots: FilamentSlot[] = [];
  for (const unit of print.ams?.ams ?? []) {
    const unitId = Number(unit.id);
    if (!Number.isInteger(unitId)) continue;
    for (const tray of unit.tray ?? []) {
      const index = Number(tray.id);
      if (Number.isInteger(index)) slots.push(slot(unitId, index, tray, isActive(unitId, index)));
    }
  }
  // External spools: one `vt_tray` (id 254) on older printers, `vir_slot[]` on H2/new firmware.
  const external =
    print.vir_slot && print.vir_slot.length > 0 ? print.vir_slot : print.vt_tray ? [print.vt_tray] : [];
  external.forEach((tray, index) => {
    if (tray.tray_type?.trim()) slots.push(slot("external", index, tray, isActive("external", index)));
  });
  return slots;
}

function errors(print: BambuPrint): PrinterError[] {
  const list = (print.hms ?? []).map((entry) => hmsToError(entry.attr, entry.code));
  // A cancel (0300_400C, 0500_400E) is how the print ended, shown as the job's outcome: not an error.
  if (print.print_error && !isCancelPrintError(print.print_error))
    list.push(printErrorToError(print.print_error));
  return list;
}

/**
 * The print's identity: the cloud's task id (or subtask id) when it has one, joined with the start
 * time when known, since a reprint from the printer's history can repeat a task id. LAN prints
 * carry "0" ids: file name and start time then tell one print from the next, so printing the same
 * file again is a new job. Stable for one print, within the model's bounds.
 */
function jobId(print: BambuPrint): string {
  const start = print.gcode_start_time !== undefined ? String(print.gcode_start_time) : "";
  for (const id of [print.task_id, print.subtask_id])
    if (id && id !== "0") return cleanText(start ? `${id}@${start}` : id);
  return cleanText(`lan:${print.subtask_name ?? print.gcode_file ?? ""}:${start}`);
}

export interface NormalizeOptions {
  at: Date;
  modules?: readonly BambuVersionModule[] | undefined;
  /** Model from config when get_version has not answered (yet). */
  model?: string | undefined;
  /** A job the adapter saw being cancelled (print_error 0300_400C is cleared after a few seconds). */
  cancelledJobId?: string | undefined;
}

function job(print: BambuPrint, state: JobState | undefined, options: NormalizeOptions): Job | undefined {
  const name = print.subtask_name?.trim() || print.gcode_file?.split("/").pop()?.trim();
  if (!state || !name) return undefined;
  const id = jobId(print);
  let jobState = state;
  if (state === "FAILED" && (isCancelPrintError(print.print_error) || options.cancelledJobId === id))
    jobState = "CANCELLED";
  const start = Number(print.gcode_start_time);
  const elapsed =
    Number.isFinite(start) && start > 0
      ? Math.max(0, Math.round(options.at.getTime() / 1000 - start))
      : undefined;
  const progress = print.mc_percent !== undefined ? Math.min(100, Math.max(0, print.mc_percent)) : undefined;
  return {
    id,
    name,
    state: jobState,
    ...(progress !== undefined ? { progress } : {}),
    ...(print.layer_num !== undefined ? { layer: print.layer_num } : {}),
    ...(print.total_layer_num ? { totalLayers: print.total_layer_num } : {}),
    ...(elapsed !== undefined &&
    (jobState === "PRINTING" || jobState === "PAUSED" || jobState === "PREPARING")
      ? { elapsedSeconds: elapsed }
      : {}),
    // mc_remaining_time is in minutes (ha-bambulab computes the end time with timedelta(minutes=...)).
    ...(print.mc_remaining_time !== undefined ? { remainingSeconds: print.mc_remaining_time * 60 } : {}),
  };
}

export function normalizeStatus(print: BambuPrint, options: NormalizeOptions): PrinterStatus {
  const model = modelFromVersion(options.modules) ?? options.model;
  const family = familyOf(model, options.modules);
  const raw = print.gcode_state;
  const mapped = raw ? STATE_MAP[raw] : undefined;
  const errs = errors(print);
  let state: PrinterState = mapped?.printer ?? "unknown";
  // A failed print with a real error code leaves the printer needing attention.
  if (raw === "FAILED" && print.print_error && !isCancelPrintError(print.print_error)) state = "error";
  if (errs.some((e) => e.severity === "fatal")) state = "error";
  const currentJob = job(print, mapped?.job, options);
  const wifi = parseWifiSignal(print.wifi_signal);
  const light = print.lights_report?.find((l) => l.node === "chamber_light");
  const firmware = firmwareFromVersion(options.modules);
  return {
    state,
    ...(raw ? { rawState: raw } : {}),
    ...(currentJob ? { job: currentJob } : {}),
    temperatures: temperatures(print, family),
    filament: filament(print),
    errors: errs,
    ...(firmware ? { firmware } : {}),
    ...(wifi !== undefined ? { wifiSignalDbm: wifi } : {}),
    ...(print.spd_lvl !== undefined ? { speedLevel: print.spd_lvl } : {}),
    ...(light ? { lightOn: light.mode === "on" } : {}),
    lastCommunication: options.at,
  };
}

/** HMS codes currently reported, in display form. */
export function activeHmsCodes(print: BambuPrint): string[] {
  return (print.hms ?? []).map((e) => hmsCode(e.attr, e.code));
}
