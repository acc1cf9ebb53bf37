// Starting a print of a file on the SD card: when the printer may be given one (never while it
// is busy: the firmware answers 0500_4004 and an A1 mini cancels the running job), and the exact
// `project_file` / `gcode_file` request (protocols/bambu-lan.md §3: OBA, ha-bambulab's template,
// Bambuddy's Bambu Studio-shaped payload).
import { randomInt } from "node:crypto";
import { PrinterConflictError } from "../core/errors";
import type { PrintOptions } from "../core/print-start";
import { KNOWN_CODES, printErrorCode } from "./bambu-hms";
import type { BambuProjectUrl } from "./bambu-models";
import type { BambuPrint } from "./bambu-schemas";

/** `print_error` 0500_4004: "Device is busy." — the answer to a start while printing. */
export const BUSY_PRINT_ERROR = 0x05004004;
/** `print_error` 0500_C010: the SD card could not be read (e.g. the file is missing or incomplete). */
export const SD_CARD_PRINT_ERROR = 0x0500c010;

const READY_STATES = new Set(["IDLE", "FINISH", "FAILED"]);
const STATE_WORDS: Record<string, string> = {
  RUNNING: "printing",
  PAUSE: "paused",
  PREPARE: "preparing a print",
  SLICING: "slicing a print",
};

/** Why the printer must not be sent a start now, in words; undefined when it may. */
export function startRefusal(print: BambuPrint): string | undefined {
  const state = print.gcode_state;
  if (!state)
    return "The printer has not reported its state yet; it cannot start a print. Try again shortly.";
  if (!READY_STATES.has(state)) {
    const words = STATE_WORDS[state] ?? "busy";
    return `The printer is ${words} (${state}); it cannot start another print.`;
  }
  if (print.print_error !== undefined && print.print_error >>> 0 === BUSY_PRINT_ERROR)
    return `The printer says it is busy (${printErrorCode(BUSY_PRINT_ERROR)} ${KNOWN_CODES["0500_4004"]}); it cannot start a print now.`;
  return undefined;
}

/**
 * The refusal a report shows after a start was sent: a `print_error` 0500_4004 (busy) or
 * 0500_C010 (file unreadable) that was not there before (`errorBefore`), in words; else undefined.
 */
export function startFailure(
  print: BambuPrint,
  errorBefore: number | undefined,
  meta: Record<string, unknown>,
): PrinterConflictError | undefined {
  const code = print.print_error === undefined ? undefined : print.print_error >>> 0;
  if (code === errorBefore || (code !== BUSY_PRINT_ERROR && code !== SD_CARD_PRINT_ERROR)) return undefined;
  return new PrinterConflictError(
    code === BUSY_PRINT_ERROR
      ? "The printer refused the start: it says it is busy (0500_4004 Device is busy)."
      : "The printer could not read the file from its SD card (0500_C010). Upload it again and retry.",
    { meta },
  );
}

/** A fresh id for task/subtask/project: positive and within int32 (P1S 01.10 clamps larger ones). */
export function int32Id(): string {
  return String(randomInt(1, 2 ** 31 - 1));
}

/** Bambu Studio's `ams_mapping2` entry for a global tray id (−1 = unused, 254/255 external spool, 128+ AMS HT). */
function trayToAmsSlot(tray: number): { ams_id: number; slot_id: number } {
  if (tray < 0) return { ams_id: 255, slot_id: 255 };
  if (tray >= 128) return { ams_id: tray, slot_id: 0 };
  return { ams_id: tray >> 2, slot_id: tray & 3 };
}

export interface StartRequestInput {
  /** File name in the SD root, without a leading slash. */
  name: string;
  plate: number;
  jobName: string;
  options: PrintOptions;
  projectUrl: BambuProjectUrl;
  /** One id used for task, subtask and project (int32-safe). */
  taskId?: string;
}

/**
 * The `print` body of the start request (the sender adds `sequence_id`): `project_file` for a
 * 3MF, `gcode_file` for plain G-code.
 */
export function startRequest(input: StartRequestInput): Record<string, unknown> {
  if (!/\.3mf$/i.test(input.name)) return { command: "gcode_file", param: `/sdcard/${input.name}` };
  const { options } = input;
  const id = input.taskId ?? int32Id();
  const mapping = options.useAms && options.amsMapping?.length ? options.amsMapping : undefined;
  return {
    command: "project_file",
    param: `Metadata/plate_${input.plate}.gcode`,
    url: `${input.projectUrl}${input.name}`,
    file: input.name,
    md5: "",
    subtask_name: input.jobName,
    project_id: id,
    profile_id: "0",
    task_id: id,
    subtask_id: id,
    bed_type: "auto",
    timelapse: options.timelapse,
    // Both spellings: OBA/Bambu Studio send `bed_levelling`, ha-bambulab `bed_leveling`.
    bed_levelling: options.bedLevelling,
    bed_leveling: options.bedLevelling,
    flow_cali: options.flowCalibration,
    vibration_cali: true,
    layer_inspect: true,
    // A JSON bool: the H2D Pro reads an integer as a nozzle index.
    use_ams: options.useAms,
    ...(mapping
      ? {
          // Flat list: the external spool is −1 there; ams_mapping2 names it (254/255).
          ams_mapping: mapping.map((tray) => (tray >= 254 ? -1 : tray)),
          ams_mapping2: mapping.map(trayToAmsSlot),
        }
      : {}),
  };
}
