// Job lifecycle events derived from two consecutive observations of the current job, so every
// adapter reports job_started/paused/resumed/completed/failed/cancelled the same way whatever its
// protocol. An adapter passes the job as it sees it now, including a terminal one (state COMPLETED,
// FAILED or CANCELLED) when the printer reports the end of a print; `undefined` means no job.
import type { Job, JobState } from "./model";
import type { PrinterEvent } from "./events";

const ACTIVE: ReadonlySet<JobState> = new Set(["QUEUED", "PREPARING", "PRINTING", "PAUSED"]);
const TERMINAL_EVENT = {
  COMPLETED: "job_completed",
  FAILED: "job_failed",
  CANCELLED: "job_cancelled",
} as const satisfies Partial<Record<JobState, PrinterEvent["type"]>>;

export function isActiveJobState(state: JobState): boolean {
  return ACTIVE.has(state);
}

/**
 * Events for the step `previous` → `next`. A job that vanished without a terminal state (e.g. the
 * end screen was dismissed between two polls) counts as completed when it had reached 100 %,
 * otherwise as failed: the printer no longer knows, and "failed" is the conservative answer.
 */
export function deriveJobLifecycleEvents(previous: Job | undefined, next: Job | undefined): PrinterEvent[] {
  const events: PrinterEvent[] = [];
  const previousActive = previous !== undefined && isActiveJobState(previous.state);
  const sameJob = previous !== undefined && next !== undefined && previous.id === next.id;

  if (previousActive && !sameJob) events.push(vanishedJobEnd(previous));

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

// The previous job vanished or a different one appeared: it ended without being observed.
function vanishedJobEnd(previous: Job): PrinterEvent {
  const completed = (previous.progress ?? 0) >= 100;
  return completed
    ? { type: "job_completed", job: { ...previous, state: "COMPLETED" } }
    : { type: "job_failed", job: { ...previous, state: "FAILED" } };
}

function terminalEvent(job: Job): PrinterEvent {
  const type = TERMINAL_EVENT[job.state as keyof typeof TERMINAL_EVENT];
  return { type, job };
}
