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
  LegacyFileEntryPayload,
  LegacyJobPayload,
  LegacyPrinterPayload,
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
};

/** `table[key]` for the table's own keys only: a state text such as "toString" or "__proto__" must not find Object.prototype's members. */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function normalizePrinterState(raw: string, hasJob: boolean): PrinterState {
  // ATTENTION: the printer waits for the user (filament runout, crash recovery...). During a print
  // the print is halted, which the model calls paused; otherwise the printer is busy.
  if (raw === "ATTENTION") return hasJob ? "paused" : "busy";
  return lookup(PRINTER_STATES, raw) ?? "unknown";
}

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

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

export function normalizeJob(payload: JobPayload): Job {
  const file = payload.file;
  const name =
    file?.name ?? file?.display_name ?? (payload.serial_print ? "serial print" : `job ${payload.id}`);
  return {
    id: String(payload.id),
    name,
    ...(file?.display_name ? { displayName: file.display_name } : {}),
    state: normalizeJobState(payload.state),
    ...(payload.progress !== undefined ? { progress: clampPercent(payload.progress) } : {}),
    ...(payload.time_printing !== undefined ? { elapsedSeconds: payload.time_printing } : {}),
    ...(payload.time_remaining !== undefined ? { remainingSeconds: payload.time_remaining } : {}),
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
  } else if (status.job) {
    normalizedJob = {
      id: String(status.job.id),
      name: lastJob?.id === String(status.job.id) ? lastJob.name : `job ${status.job.id}`,
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
  if (raw === "ATTENTION")
    errors.push({
      code: "ATTENTION",
      severity: "common",
      message: "The printer needs attention (see its display)",
    });
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

// ---- legacy (OctoPrint-style) API --------------------------------------------------------------

const LEGACY_JOB_STATES: Record<string, JobState> = {
  Printing: "PRINTING",
  Pausing: "PAUSED",
  Paused: "PAUSED",
  Resuming: "PRINTING",
  Cancelling: "CANCELLED",
  Finished: "COMPLETED",
  Error: "FAILED",
};

export function normalizeLegacyStatus(
  printer: LegacyPrinterPayload,
  job: LegacyJobPayload | undefined,
  at: Date,
): PrinterStatus {
  const flags = printer.state?.flags ?? {};
  const text = printer.state?.text ?? job?.state ?? "Unknown";
  const file = job?.job?.file;
  const progress = job?.progress;
  let normalizedJob: Job | undefined;
  if (file?.name || file?.path) {
    const name = file.path?.split("/").pop() ?? file.name ?? "job";
    normalizedJob = {
      // The legacy API has no job id; the file path identifies the print.
      id: file.path ?? name,
      name,
      ...((file.display ?? file.name) ? { displayName: (file.display ?? file.name)! } : {}),
      state: lookup(LEGACY_JOB_STATES, job?.state ?? text) ?? (flags.paused === true ? "PAUSED" : "PRINTING"),
      ...(progress?.completion != null
        ? { progress: clampPercent(Math.round(progress.completion * 10_000) / 100) }
        : {}),
      ...(progress?.printTime != null ? { elapsedSeconds: progress.printTime } : {}),
      ...(progress?.printTimeLeft != null ? { remainingSeconds: progress.printTimeLeft } : {}),
      ...(file.size != null ? { fileSize: file.size } : {}),
    };
  }
  let state: PrinterState = "idle";
  if (flags.error === true || flags.closedOnError === true || flags.closedOrError === true) state = "error";
  else if (flags.paused === true || flags.pausing === true) state = "paused";
  else if (flags.printing === true || flags.cancelling === true) state = "printing";
  else if (flags.busy === true) state = "busy";
  else if (flags.operational !== true && Object.keys(flags).length > 0) state = "unknown";
  const tool = printer.temperature?.tool0;
  const bed = printer.temperature?.bed;
  const temperatures: Temperatures = {};
  if (tool)
    temperatures.nozzle = {
      ...(tool.actual != null ? { current: round1(tool.actual) } : {}),
      ...(tool.target != null ? { target: round1(tool.target) } : {}),
    };
  if (bed)
    temperatures.bed = {
      ...(bed.actual != null ? { current: round1(bed.actual) } : {}),
      ...(bed.target != null ? { target: round1(bed.target) } : {}),
    };
  const material = printer.telemetry?.material;
  return {
    state,
    rawState: text,
    ...(normalizedJob ? { job: normalizedJob } : {}),
    temperatures,
    filament: material && material !== "---" ? [{ unit: 0, slot: 0, material, active: true }] : [],
    errors: state === "error" ? [{ code: "ERROR", severity: "serious", message: text }] : [],
    lastCommunication: at,
  };
}

export function normalizeLegacyFileEntry(entry: LegacyFileEntryPayload): RemoteFile {
  const path = entry.path ?? `/${entry.name}`;
  const thumbnail = entry.refs?.thumbnailBig ?? entry.refs?.thumbnail;
  return {
    name: entry.name,
    ...(entry.display ? { displayName: entry.display } : {}),
    path: path.startsWith("/") ? path : `/${path}`,
    ...(entry.size !== undefined ? { size: entry.size } : {}),
    ...(typeof entry.date === "number" ? { modified: new Date(entry.date * 1000) } : {}),
    type: entry.type === "folder" ? "folder" : "print",
    ...(typeof thumbnail === "string" ? { thumbnailRef: thumbnail } : {}),
  };
}
