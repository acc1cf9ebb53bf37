// Maps the merged Bambu report (+ the get_version answer) onto the normalized printer model.
// Quirks handled here: mc_remaining_time is minutes; newer firmware packs temperatures as
// (target << 16 | current) under `device`; models without a chamber sensor (bambu-models.ts) report
// a placeholder; filament slots are numbered as Bambu numbers them (bambu-filament.ts).
import type {
  Job,
  JobState,
  PrinterError,
  PrinterIdentity,
  PrinterState,
  PrinterStatus,
  Temperature,
  Temperatures,
} from "../core/model";
import type { BambuPrint, BambuVersionModule } from "./bambu-schemas";
import { activeExtruder, filament } from "./bambu-filament";
import { bambuModelFacts, recognizeModel, type BambuModelFacts } from "./bambu-models";
import { cleanText } from "../core/sanitize";
import { hmsCode, hmsToError, isCancelPrintError, printErrorToError } from "./bambu-hms";
import { jobThumbnailField } from "./bambu-3mf";
import { cameraField } from "./camera/camera-status";

export { modelFromVersion } from "./bambu-models";

/** `p1a1`: ESP32 printers that send deltas; `x1`: printers that send full reports. */
export type BambuFamily = "x1" | "p1a1";

const STATE_MAP: Record<string, { printer: PrinterState; job?: JobState }> = {
  IDLE: { printer: "idle" },
  PREPARE: { printer: "busy", job: "PREPARING" },
  SLICING: { printer: "busy", job: "PREPARING" },
  RUNNING: { printer: "printing", job: "PRINTING" },
  PAUSE: { printer: "paused", job: "PAUSED" },
  FINISH: { printer: "idle", job: "COMPLETED" },
  FAILED: { printer: "idle", job: "FAILED" },
};

/** The report style from the model table; an unknown model with an `esp32` module sends deltas. */
export function familyOf(
  model: string | undefined,
  modules?: readonly BambuVersionModule[],
): BambuFamily | undefined {
  const facts = bambuModelFacts(model);
  if (facts) return facts.reports === "delta" ? "p1a1" : "x1";
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
  const model = recognizeModel({ modules, serial });
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

function temperatures(print: BambuPrint, facts: BambuModelFacts | undefined): Temperatures {
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
  const chamber = chamberTemperature(print, facts);
  if (chamber) result.chamber = chamber;
  return result;
}

/**
 * A model without a chamber sensor (P1/A1: pybambu CHAMBER_TEMPERATURE is false) sends a constant
 * placeholder; it is never a temperature, whatever its value. For a model the table does not know,
 * the packed `device.ctc` (only sent by printers that measure) is trusted, and a bare 5 °C from a
 * printer without the `device` block is taken for the placeholder.
 */
function chamberTemperature(print: BambuPrint, facts: BambuModelFacts | undefined): Temperature | undefined {
  const sensor = facts?.chamberSensor ?? "unknown";
  if (sensor === false) return undefined;
  const packed = print.device?.ctc?.info?.temp;
  if (packed !== undefined) return unpackTemperature(packed);
  if (print.chamber_temper === undefined) return undefined;
  if (sensor === "unknown" && print.chamber_temper === 5 && print.device === undefined) return undefined;
  return { current: print.chamber_temper };
}

function pair(current: number | undefined, target: number | undefined): Temperature {
  return { ...(current !== undefined ? { current } : {}), ...(target !== undefined ? { target } : {}) };
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
  // "0" (or nothing) until a print has started: no start time then.
  const start = Number(print.gcode_start_time) > 0 ? String(print.gcode_start_time) : "";
  for (const id of [print.task_id, print.subtask_id])
    if (id && id !== "0") return cleanText(start ? `${id}@${start}` : id);
  return cleanText(`lan:${print.subtask_name ?? print.gcode_file ?? ""}:${start}`);
}

export interface NormalizeOptions {
  at: Date;
  modules?: readonly BambuVersionModule[] | undefined;
  /** Model from config when get_version has not answered (yet). */
  model?: string | undefined;
  /** The printer's serial: its first three characters name the model (bambu-models.ts). */
  serial?: string | undefined;
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
    ...jobThumbnailField(print),
  };
}

export function normalizeStatus(print: BambuPrint, options: NormalizeOptions): PrinterStatus {
  const model = recognizeModel({
    modules: options.modules,
    serial: options.serial,
    configured: options.model,
  });
  const facts = bambuModelFacts(model);
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
  const nozzleDiameter = nozzleDiameterOf(print);
  return {
    state,
    ...(raw ? { rawState: raw } : {}),
    ...(currentJob ? { job: currentJob } : {}),
    temperatures: temperatures(print, facts),
    filament: filament(print, {
      dualNozzle: facts?.dualNozzle === true,
      amsRemaining: facts?.amsRemaining !== false,
    }),
    errors: errs,
    ...(firmware ? { firmware } : {}),
    ...(wifi !== undefined ? { wifiSignalDbm: wifi } : {}),
    ...(print.spd_lvl !== undefined ? { speedLevel: print.spd_lvl } : {}),
    ...(light ? { lightOn: light.mode === "on" } : {}),
    ...(nozzleDiameter !== undefined ? { nozzleDiameter } : {}),
    ...cameraField(facts?.camera, print.ipcam),
    lastCommunication: options.at,
  };
}

/** `nozzle_diameter` ("0.4"), else the first nozzle of `device.nozzle.info` (H2); undefined when out of 0.05–3 mm. */
function nozzleDiameterOf(print: BambuPrint): number | undefined {
  const raw = print.nozzle_diameter ?? print.device?.nozzle?.info?.[0]?.diameter;
  const value = typeof raw === "string" ? Number.parseFloat(raw) : raw;
  return value !== undefined && Number.isFinite(value) && value >= 0.05 && value <= 3 ? value : undefined;
}

/** HMS codes currently reported, in display form. */
export function activeHmsCodes(print: BambuPrint): string[] {
  return (print.hms ?? []).map((e) => hmsCode(e.attr, e.code));
}
