// PrusaLink payloads → the normalized model. Handles the differences the protocol notes list:
// 8.3 short names vs long display names, percent (v1) vs fraction (legacy) progress, `ro` vs
// `read_only`, storage object vs list, and the printer states that only mean something together
// with a job (ATTENTION, FINISHED, STOPPED).
import type {
  Job,
  JobState,
  PrinterError,
  PrinterIdentity,
  PrinterState,
  PrinterStatus,
  RemoteFile,
  Temperatures,
} from "../core/model";
import type {
  FileEntryPayload,
  InfoPayload,
  JobPayload,
  StatusPayload,
  VersionPayload,
} from "./prusalink-schemas";

const PRINTER_STATES: Record<string, PrinterState> = {
  IDLE: "idle",
  READY: "idle",
  FINISHED: "idle",
  STOPPED: "idle",
  BUSY: "busy",
  PRINTING: "printing",
  PAUSED: "paused",
  ERROR: "error",
};

const JOB_STATES: Record<string, JobState> = {
  PRINTING: "PRINTING",
  PAUSED: "PAUSED",
  // Buddy reports ATTENTION jobs as PAUSED already; RPi may not.
  ATTENTION: "PAUSED",
  FINISHED: "COMPLETED",
  STOPPED: "CANCELLED",
  ERROR: "FAILED",
  // Prusa-Link (RPi) reports the printer's state as the job's: BUSY happens mid-print (e.g. M600).
  BUSY: "PRINTING",
};

/** `table[key]` for the table's own keys only: a state text such as "toString" or "__proto__" must not find Object.prototype's members. */
export function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function normalizePrinterState(raw: string, hasJob: boolean): PrinterState {
  // ATTENTION: the printer waits for the user (filament runout, crash recovery...). During a print
  // the print is halted, which the model calls paused; otherwise the printer is busy.
  if (raw === "ATTENTION") return hasJob ? "paused" : "busy";
  return lookup(PRINTER_STATES, raw) ?? "unknown";
}

/** ATTENTION: filament runout, a question on the display, crash recovery that needs a hand. */
export const ATTENTION_ERROR: PrinterError = {
  code: "ATTENTION",
  severity: "common",
  message: "The printer needs attention (see its display)",
};

export function normalizeJobState(raw: string): JobState {
  return lookup(JOB_STATES, raw) ?? "FAILED";
}

/** Printer states that go with a running print: reported without any job, the answer is garbled. */
const PRINTING_STATES = new Set(["PRINTING", "PAUSED", "ATTENTION"]);

/**
 * Why one poll's answers cannot be trusted to move the job lifecycle, or undefined. Only checked
 * against what a real printer never sends: a tracked job must not end because one answer lost it.
 */
export function inconsistency(
  status: StatusPayload,
  job: JobPayload | undefined,
  lastJob: Job | undefined,
): string | undefined {
  if (status.job && job && status.job.id !== job.id)
    return `/api/v1/status names job ${status.job.id} but /api/v1/job names job ${job.id}`;
  if (!lastJob || status.job || job) return undefined;
  const raw = status.printer.state;
  if (PRINTING_STATES.has(raw)) return `the printer reports ${raw} without a job`;
  if (!Object.hasOwn(PRINTER_STATES, raw))
    return `unknown printer state ${JSON.stringify(raw.slice(0, 40))} while job ${lastJob.id} is running`;
  return undefined;
}

function joinPath(dir: string | undefined, name: string): string {
  if (!dir) return name.startsWith("/") ? name : `/${name}`;
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

export function normalizeJob(payload: JobPayload): Job {
  const file = payload.file;
  const name =
    file?.name ?? file?.display_name ?? (payload.serial_print ? "serial print" : `job ${payload.id}`);
  const state = normalizeJobState(payload.state);
  // A finished job is done whatever the last progress sample said.
  const completed = state === "COMPLETED";
  return {
    id: String(payload.id),
    name,
    ...(file?.display_name ? { displayName: file.display_name } : {}),
    state,
    ...(completed
      ? { progress: 100 }
      : payload.progress !== undefined
        ? { progress: clampPercent(payload.progress) }
        : {}),
    ...(payload.time_printing !== undefined ? { elapsedSeconds: payload.time_printing } : {}),
    ...(completed
      ? { remainingSeconds: 0 }
      : payload.time_remaining !== undefined
        ? { remainingSeconds: payload.time_remaining }
        : {}),
    ...(file?.size !== undefined ? { fileSize: file.size } : {}),
    ...(file?.refs?.thumbnail ? { thumbnailRef: file.refs.thumbnail } : {}),
  };
}

/** Path of the job's file on the printer, e.g. "/usb/MURCIE~1.BGC". */
export function jobFilePath(payload: JobPayload): string | undefined {
  const name = payload.file?.name;
  return name ? joinPath(payload.file?.path, name) : undefined;
}

export function normalizeTemperatures(printer: StatusPayload["printer"]): Temperatures {
  const temps: Temperatures = {};
  if (printer.temp_nozzle !== undefined || printer.target_nozzle !== undefined) {
    temps.nozzle = {
      ...(printer.temp_nozzle !== undefined ? { current: round1(printer.temp_nozzle) } : {}),
      ...(printer.target_nozzle !== undefined ? { target: round1(printer.target_nozzle) } : {}),
    };
  }
  if (printer.temp_bed !== undefined || printer.target_bed !== undefined) {
    temps.bed = {
      ...(printer.temp_bed !== undefined ? { current: round1(printer.temp_bed) } : {}),
      ...(printer.target_bed !== undefined ? { target: round1(printer.target_bed) } : {}),
    };
  }
  return temps;
}

/**
 * Status (+ the job payload fetched in the same poll cycle, if any). `lastJob` is the previous
 * cycle's job: when the printer reports FINISHED/STOPPED the job payload is gone, and the model's
 * lifecycle needs that job in its terminal state.
 */
export function normalizeStatus(
  status: StatusPayload,
  job: JobPayload | undefined,
  at: Date,
  lastJob?: Job,
): PrinterStatus {
  const raw = status.printer.state;
  let normalizedJob: Job | undefined;
  if (job) {
    normalizedJob = normalizeJob(job);
    // Some answers omit the file (`file: null` early in a print): keep the names already known.
    if (!job.file && lastJob?.id === normalizedJob.id) {
      normalizedJob.name = lastJob.name;
      if (lastJob.displayName) normalizedJob.displayName = lastJob.displayName;
    }
  } else if (status.job) {
    normalizedJob = {
      id: String(status.job.id),
      // The status endpoint carries no names: keep the ones the job endpoint gave for this job.
      ...(lastJob?.id === String(status.job.id)
        ? { name: lastJob.name, ...(lastJob.displayName ? { displayName: lastJob.displayName } : {}) }
        : { name: `job ${status.job.id}` }),
      state: raw === "PAUSED" || raw === "ATTENTION" ? "PAUSED" : "PRINTING",
      ...(status.job.progress !== undefined ? { progress: clampPercent(status.job.progress) } : {}),
      ...(status.job.time_printing !== undefined ? { elapsedSeconds: status.job.time_printing } : {}),
      ...(status.job.time_remaining !== undefined ? { remainingSeconds: status.job.time_remaining } : {}),
    };
  } else if (lastJob && (raw === "FINISHED" || raw === "STOPPED")) {
    normalizedJob =
      raw === "FINISHED"
        ? { ...lastJob, state: "COMPLETED", progress: 100, remainingSeconds: 0 }
        : { ...lastJob, state: "CANCELLED" };
  }
  if (normalizedJob && status.job && job) {
    // The status endpoint is the fresher source for the numbers when both are present.
    if (status.job.progress !== undefined) normalizedJob.progress = clampPercent(status.job.progress);
    if (status.job.time_remaining !== undefined) normalizedJob.remainingSeconds = status.job.time_remaining;
    if (status.job.time_printing !== undefined) normalizedJob.elapsedSeconds = status.job.time_printing;
  }
  const errors: PrinterError[] = [];
  if (raw === "ATTENTION") errors.push(ATTENTION_ERROR);
  if (raw === "ERROR")
    errors.push({ code: "ERROR", severity: "serious", message: "The printer reports an error" });
  for (const [code, flag] of [
    ["printer", status.printer.status_printer],
    ["connect", status.printer.status_connect],
  ] as const) {
    if (flag?.ok === false)
      errors.push({
        code: `STATUS_${code.toUpperCase()}`,
        severity: "common",
        ...(flag.message ? { message: flag.message } : {}),
      });
  }
  const activeJob = normalizedJob && (normalizedJob.state === "PRINTING" || normalizedJob.state === "PAUSED");
  return {
    state: normalizePrinterState(raw, Boolean(activeJob)),
    rawState: raw,
    ...(normalizedJob ? { job: normalizedJob } : {}),
    temperatures: normalizeTemperatures(status.printer),
    filament: [],
    errors,
    ...(status.printer.speed !== undefined ? { speedLevel: Math.round(status.printer.speed) } : {}),
    lastCommunication: at,
  };
}

export function normalizeIdentity(version: VersionPayload, info: InfoPayload | undefined): PrinterIdentity {
  const model =
    version.original ?? (version.hostname ?? info?.hostname)?.replace(/^prusa-?/i, "").toUpperCase();
  const firmware = version.firmware ?? version.server ?? version.text;
  const hostname = info?.hostname ?? version.hostname;
  return {
    ...(model ? { model } : {}),
    ...(info?.serial ? { serial: info.serial } : {}),
    ...(firmware ? { firmware } : {}),
    ...(hostname ? { hostname } : {}),
  };
}

const FILE_TYPES: Record<string, RemoteFile["type"]> = {
  PRINT_FILE: "print",
  FOLDER: "folder",
  FILE: "file",
  FIRMWARE: "other",
};

/** One listing entry; `dir` is the folder's path on the printer (e.g. "/usb"). */
export function normalizeFileEntry(entry: FileEntryPayload, dir: string): RemoteFile {
  const readOnly = entry.ro ?? entry.read_only;
  return {
    name: entry.name,
    ...(entry.display_name ? { displayName: entry.display_name } : {}),
    path: joinPath(dir, entry.name),
    ...(entry.size !== undefined ? { size: entry.size } : {}),
    ...(entry.m_timestamp !== undefined ? { modified: new Date(entry.m_timestamp * 1000) } : {}),
    type: FILE_TYPES[entry.type ?? ""] ?? (entry.children ? "folder" : "file"),
    ...(entry.refs?.thumbnail ? { thumbnailRef: entry.refs.thumbnail } : {}),
    ...(readOnly !== undefined ? { readOnly } : {}),
  };
}
