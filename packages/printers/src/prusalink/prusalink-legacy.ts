// The legacy OctoPrint-style PrusaLink API (/api/printer, /api/job, /api/files) → the model.
// Spoken by Prusa-Link 0.7.x on a Raspberry Pi (MK2.5/MK3), which reports "api":"0.9.0-legacy";
// Buddy firmware serves the same endpoints. What the texts mean (prusalink.md §4, Prusa-Link
// `web/main.py`, Buddy `basic_gets.cpp`):
// - "Operational" is every idle state: idle, idle with a file still selected (RPi keeps the last
//   file selected, progress null), finished (RPi flag `finished`), and on Buddy also stopped.
// - "Cancelling" is Buddy's abort in progress and RPi's STOPPED; "Error" is RPi's ERROR and
//   ATTENTION and Buddy's attention questions; "Busy" is RPi's BUSY, a print only if it has progress.
// - `flags.link_state`, where sent, is the v1 printer state and is trusted over the flags.
import type {
  Job,
  JobState,
  PrinterError,
  PrinterState,
  PrinterStatus,
  RemoteFile,
  Temperatures,
} from "../core/model";
import { ATTENTION_ERROR, clampPercent, lookup, normalizePrinterState, round1 } from "./prusalink-normalize";
import type { LegacyFileEntryPayload, LegacyJobPayload, LegacyPrinterPayload } from "./prusalink-schemas";

/** What the job text says about the print. "terminal" states need the tracked job to mean anything. */
const LEGACY_JOB_STATES: Record<string, JobState> = {
  Printing: "PRINTING",
  Pausing: "PAUSED",
  Paused: "PAUSED",
  Resuming: "PRINTING",
  // Buddy: the printer recovers from a crash on its own and goes on printing.
  CrashRecovery: "PRINTING",
  Cancelling: "CANCELLED",
  Finished: "COMPLETED",
};

const V1_STATES = new Set([
  "IDLE",
  "BUSY",
  "PRINTING",
  "PAUSED",
  "FINISHED",
  "STOPPED",
  "ERROR",
  "ATTENTION",
  "READY",
]);

const PLACEHOLDER_MATERIALS = new Set(["", "NONE", "N/A", "UNKNOWN", "NULL"]);

/**
 * The loaded material, or undefined for the placeholders firmware sends when it knows none:
 * Prusa-Link (RPi) always sends " - ", Buddy "---" with no filament loaded.
 */
export function materialName(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  if (text === undefined || /^[-–—_.\s]*$/.test(text) || PLACEHOLDER_MATERIALS.has(text.toUpperCase()))
    return undefined;
  return text;
}

type Flags = Record<string, unknown>;

/** A job the printer is working on, a job that just ended, or none. */
function legacyJobState(
  text: string,
  flags: Flags,
  linkState: string | undefined,
  job: LegacyJobPayload | undefined,
): JobState | undefined {
  const known = lookup(LEGACY_JOB_STATES, text);
  if (known) return known;
  switch (text) {
    case "Operational":
      // Idle, perhaps with a file still selected: a print only if it just ended.
      if (flags.finished === true || linkState === "FINISHED") return "COMPLETED";
      if (linkState === "STOPPED") return "CANCELLED";
      return undefined;
    case "Error":
      // ATTENTION halts the print until someone answers on the display; a real error fails it.
      return isError(flags) && linkState !== "ATTENTION" ? "FAILED" : "PAUSED";
    case "Busy":
      // RPi sends progress only while a print is in progress.
      return job?.progress?.completion != null ? "PRINTING" : undefined;
    default:
      // A text we do not know: the flags still say whether something prints.
      if (flags.paused === true || flags.pausing === true) return "PAUSED";
      if (flags.printing === true) return "PRINTING";
      return undefined;
  }
}

function isError(flags: Flags): boolean {
  return flags.error === true || flags.closedOnError === true || flags.closedOrError === true;
}

function legacyPrinterState(
  text: string,
  flags: Flags,
  linkState: string | undefined,
  activeJob: boolean,
): PrinterState {
  if (linkState) return normalizePrinterState(linkState, activeJob);
  if (isError(flags)) return "error";
  if (text === "Error") return activeJob ? "paused" : "busy";
  if (flags.paused === true || flags.pausing === true) return "paused";
  if (flags.printing === true) return "printing";
  // RPi's STOPPED is operational and cancelling; Buddy's abort in progress is neither.
  if (flags.cancelling === true) return flags.operational === true ? "idle" : "busy";
  if (flags.busy === true) return "busy";
  if (flags.operational !== true && Object.keys(flags).length > 0) return "unknown";
  return "idle";
}

/**
 * `lastJob` is the job the previous poll saw running: the legacy API has no job id, so a finished
 * or cancelled print is reported only when it is the tracked one (an old file left selected on an
 * idle printer is no job at all).
 */
export function normalizeLegacyStatus(
  printer: LegacyPrinterPayload,
  job: LegacyJobPayload | undefined,
  at: Date,
  lastJob?: Job,
): PrinterStatus {
  const flags: Flags = printer.state?.flags ?? {};
  const rawLink = flags.link_state;
  const linkState = typeof rawLink === "string" && V1_STATES.has(rawLink) ? rawLink : undefined;
  const text = printer.state?.text ?? job?.state ?? "Unknown";
  const file = job?.job?.file;
  const jobState =
    file?.name || file?.path ? legacyJobState(job?.state ?? text, flags, linkState, job) : undefined;
  let normalizedJob: Job | undefined;
  if (jobState && file) {
    const progress = job?.progress;
    const name = file.path?.split("/").pop() || file.name || "job";
    // The legacy API has no job id; the file path identifies the print.
    const id = file.path ?? name;
    const displayName = file.display ?? file.name;
    const fresh: Job = {
      id,
      name,
      ...(displayName ? { displayName } : {}),
      state: jobState,
      ...(progress?.completion != null
        ? { progress: clampPercent(Math.round(progress.completion * 10_000) / 100) }
        : {}),
      ...(progress?.printTime != null ? { elapsedSeconds: progress.printTime } : {}),
      ...(progress?.printTimeLeft != null ? { remainingSeconds: progress.printTimeLeft } : {}),
      ...(file.size != null ? { fileSize: file.size } : {}),
    };
    if (jobState === "PRINTING" || jobState === "PAUSED") normalizedJob = fresh;
    else if (lastJob?.id === id)
      normalizedJob =
        jobState === "COMPLETED"
          ? { ...lastJob, ...fresh, progress: 100, remainingSeconds: 0 }
          : { ...lastJob, ...fresh, progress: fresh.progress ?? lastJob.progress };
  }
  const active = normalizedJob?.state === "PRINTING" || normalizedJob?.state === "PAUSED";
  const state = legacyPrinterState(text, flags, linkState, active);
  const errors: PrinterError[] = [];
  if (state === "error") errors.push({ code: "ERROR", severity: "serious", message: text });
  else if (linkState === "ATTENTION" || (text === "Error" && !linkState)) errors.push(ATTENTION_ERROR);
  const material = materialName(printer.telemetry?.material);
  return {
    state,
    rawState: linkState ?? text,
    ...(normalizedJob ? { job: normalizedJob } : {}),
    temperatures: legacyTemperatures(printer),
    filament: material ? [{ unit: 0, slot: 0, material, active: true }] : [],
    errors,
    lastCommunication: at,
  };
}

function legacyTemperatures(printer: LegacyPrinterPayload): Temperatures {
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
  return temperatures;
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
