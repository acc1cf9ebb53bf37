// An event as a sentence a person reads: the printer, what happened, to which print, and who
// asked for it where the log knows ("Demo X1C 1 paused by ada (benchy.gcode at 42 %)",
// "E2E MK4 went offline: the printer does not answer", "Demo P1S 2 finished benchy.gcode in
// 1 h 12 min"). The raw payload stays behind the row's details toggle.
import { continueSentence, formatDuration } from "@printernizer/ui/format";
import { describeEvent } from "./describe-event";

export type EventActor = { kind: "user"; name: string } | { kind: "queue" };

export interface SentenceEvent {
  type: string;
  printerName: string | null;
  payload: unknown;
  actor?: EventActor | null;
  jobDurationSeconds?: number | null;
}

interface JobPayload {
  name?: unknown;
  displayName?: unknown;
  progress?: unknown;
}

const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

function jobOf(payload: unknown): JobPayload | undefined {
  const job = payload && typeof payload === "object" ? (payload as { job?: unknown }).job : undefined;
  return job && typeof job === "object" ? (job as JobPayload) : undefined;
}

function fileOf(payload: unknown): string | undefined {
  const job = jobOf(payload);
  return job ? (str(job.displayName) ?? str(job.name)) : undefined;
}

/** "benchy.gcode at 42 %" (or just the file, or just the progress). */
function jobWithProgress(payload: unknown): string | undefined {
  const progress = jobOf(payload)?.progress;
  const at =
    typeof progress === "number" && Number.isFinite(progress) ? `${Math.round(progress)} %` : undefined;
  const file = fileOf(payload);
  return file && at ? `${file} at ${at}` : (file ?? (at ? `at ${at}` : undefined));
}

export function actorWords(actor: EventActor | null | undefined): string | undefined {
  if (!actor) return undefined;
  return actor.kind === "queue" ? "the queue" : actor.name;
}

const by = (actor: EventActor | null | undefined) => {
  const who = actorWords(actor);
  return who ? ` by ${who}` : "";
};
const inBrackets = (text: string | undefined) => (text ? ` (${text})` : "");
const afterColon = (text: string) => (text ? `: ${continueSentence(text)}` : "");

/** The event said as one sentence, starting with the printer's name. */
export function eventSentence(event: SentenceEvent): string {
  const printer = event.printerName ?? "The farm";
  const { payload } = event;
  const detail = describeEvent(payload);
  const file = fileOf(payload) ?? "the print";
  const took =
    typeof event.jobDurationSeconds === "number" ? ` in ${formatDuration(event.jobDurationSeconds)}` : "";
  const after =
    typeof event.jobDurationSeconds === "number" ? ` after ${formatDuration(event.jobDurationSeconds)}` : "";
  switch (event.type) {
    case "job_paused":
      return `${printer} paused${by(event.actor)}${inBrackets(jobWithProgress(payload))}`;
    case "job_resumed":
      return `${printer} resumed${by(event.actor)}${inBrackets(jobWithProgress(payload))}`;
    case "job_cancel_requested":
      return `${printer} was asked to cancel the print${by(event.actor)}`;
    case "job_cancelled":
      return `${printer} cancelled ${file}${by(event.actor)}${after}`;
    case "job_started": {
      const who = actorWords(event.actor);
      return `${printer} started ${file}${who ? `, sent by ${who}` : ""}`;
    }
    case "job_completed":
      return `${printer} finished ${file}${took}`;
    case "job_failed":
      return `${printer} failed ${file}${after}`;
    case "job_vanished":
      return `${printer} no longer reports ${file}; how it ended is unknown`;
    case "job_progress_updated":
      return `${printer} is printing ${jobWithProgress(payload) ?? "a job"}`;
    case "printer_offline":
      return `${printer} went offline${afterColon(detail)}`;
    case "printer_online":
      return `${printer} is ${detail || "back online"}`;
    case "printer_waiting_for_plate":
      return `${printer} is waiting for the plate to be cleared (${file} ended)`;
    case "printer_connected":
      return `${printer} connected${inBrackets(detail)}`;
    case "printer_disconnected":
      return `${printer} disconnected${inBrackets(detail)}`;
    case "printer_connection_lost":
      return `${printer} lost the connection${afterColon(detail)}`;
    case "printer_connection_failed":
      return `${printer} could not be reached${afterColon(detail)}`;
    case "printer_auth_error":
      return `${printer} refused the login${afterColon(detail)}`;
    case "printer_error":
      return `${printer} reports an error${afterColon(detail)}`;
    case "printer_status_updated":
      return `${printer} changed state${afterColon(statusChange(payload) ?? detail)}`;
    case "printer_protocol_error":
      return `${printer} sent a report that could not be read${afterColon(detail)}`;
    case "printer_protocol_warning":
      return `${printer} sent a field that was left out${afterColon(detail)}`;
    case "temperature_updated":
      return `${printer} temperatures${afterColon(temperatures(payload))}`;
    case "ams_status_updated":
      return `${printer} filament slots changed`;
    default:
      return `${printer}: ${event.type.replaceAll("_", " ")}${afterColon(detail)}`;
  }
}

/** "printing → paused" from a stored printer_status_updated (the worker stores state and previousState). */
function statusChange(payload: unknown): string | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const p = payload as { state?: unknown; previousState?: unknown };
  const state = str(p.state);
  return state ? `${str(p.previousState) ?? "?"} → ${state}` : undefined;
}

function temperatures(payload: unknown): string {
  const t =
    payload && typeof payload === "object" ? (payload as { temperatures?: unknown }).temperatures : undefined;
  if (!t || typeof t !== "object") return "";
  const reading = (name: string, value: unknown) => {
    const current = value && typeof value === "object" ? (value as { current?: unknown }).current : undefined;
    return typeof current === "number" && Number.isFinite(current)
      ? `${name} ${Math.round(current)} °C`
      : undefined;
  };
  const r = t as { nozzle?: unknown; bed?: unknown; chamber?: unknown };
  return [reading("nozzle", r.nozzle), reading("bed", r.bed), reading("chamber", r.chamber)]
    .filter(Boolean)
    .join(", ");
}
