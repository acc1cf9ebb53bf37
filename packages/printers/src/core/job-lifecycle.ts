// Job lifecycle events derived from two consecutive observations of the current job, so every
// adapter reports job_started/paused/resumed/completed/failed/cancelled the same way whatever its
// protocol. An adapter passes the job as it sees it now, including a terminal one (state COMPLETED,
// FAILED or CANCELLED) when the printer reports the end of a print; `undefined` means no job.
//
// A job is identified by its id (PrusaLink job id, Bambu task/subtask id or `lan:<file>:<start>`)
// AND by its course: the same id whose progress or print time runs backwards is a new print of
// the same file (PrusaLink's legacy API names a job by its file; some firmwares repeat ids).
import type { Job, JobState } from "./model";
import type { PrinterEvent } from "./events";

const ACTIVE: ReadonlySet<JobState> = new Set(["QUEUED", "PREPARING", "PRINTING", "PAUSED"]);
const TERMINAL_EVENT = {
  COMPLETED: "job_completed",
  FAILED: "job_failed",
  CANCELLED: "job_cancelled",
} as const satisfies Partial<Record<JobState, PrinterEvent["type"]>>;

/** Progress points, and seconds of print time, a job may seem to go back before it counts as a new print. */
const RESTART_MARGIN = { progress: 5, elapsedSeconds: 60 } as const;

export function isActiveJobState(state: JobState): boolean {
  return ACTIVE.has(state);
}

/** How two observations relate in time, for the end of a job seen only by its absence. */
export interface ObservationGap {
  /** Seconds between the previous observation and this one. */
  seconds: number;
}

/** True when `next` is the same print as `previous` (same id, and it did not start over). */
export function isSameJob(previous: Job, next: Job): boolean {
  if (previous.id !== next.id) return false;
  if (!isActiveJobState(previous.state) || !isActiveJobState(next.state)) return true;
  const wentBack = (before: number | undefined, after: number | undefined, margin: number) =>
    before !== undefined && after !== undefined && after + margin < before;
  return !(
    wentBack(previous.progress, next.progress, RESTART_MARGIN.progress) ||
    wentBack(previous.elapsedSeconds, next.elapsedSeconds, RESTART_MARGIN.elapsedSeconds)
  );
}

/**
 * Events for the step `previous` → `next`. A job that vanished without a terminal state (the end
 * screen was dismissed between two polls, or the next print started at once) is completed when
 * the last sight said it was done or due before this observation (`vanishedJobEnd`); otherwise
 * nobody knows how it ended and it is `job_vanished` (outcome unknown), never a guessed failure.
 */
export function deriveJobLifecycleEvents(
  previous: Job | undefined,
  next: Job | undefined,
  gap?: ObservationGap,
): PrinterEvent[] {
  const events: PrinterEvent[] = [];
  const previousActive = previous !== undefined && isActiveJobState(previous.state);
  const sameJob = previous !== undefined && next !== undefined && isSameJob(previous, next);

  if (previousActive && !sameJob) events.push(vanishedJobEnd(previous, gap));

  if (!next) return events;
  if (!sameJob) {
    if (isActiveJobState(next.state)) {
      events.push({ type: "job_started", job: next });
      if (next.state === "PAUSED") events.push({ type: "job_paused", job: next });
    }
    return events;
  }
  if (previous.state === next.state) return events;
  if (next.state === "PAUSED" && previousActive) events.push({ type: "job_paused", job: next });
  else if (previous.state === "PAUSED" && (next.state === "PRINTING" || next.state === "PREPARING"))
    events.push({ type: "job_resumed", job: next });
  else if (!previousActive && isActiveJobState(next.state)) events.push({ type: "job_started", job: next });
  else if (previousActive && !isActiveJobState(next.state)) events.push(terminalEvent(next));
  return events;
}

/**
 * The previous job vanished or a different one appeared: it ended without being observed. It is
 * completed when its last sight said 100 %, or gave a remaining time that had run out by this
 * observation (printers round remaining times, hence one second of slack); unknown otherwise.
 */
export function vanishedJobEnd(previous: Job, gap?: ObservationGap): PrinterEvent {
  const progress = previous.progress ?? 0;
  const remaining = previous.remainingSeconds;
  const due =
    previous.state !== "PAUSED" &&
    progress > 0 &&
    remaining !== undefined &&
    remaining <= Math.max(0, gap?.seconds ?? 0) + 1;
  return progress >= 100 || due
    ? { type: "job_completed", job: { ...previous, state: "COMPLETED" } }
    : { type: "job_vanished", job: previous };
}

function terminalEvent(job: Job): PrinterEvent {
  const type = TERMINAL_EVENT[job.state as keyof typeof TERMINAL_EVENT];
  return { type, job };
}
