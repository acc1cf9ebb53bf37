// Whether a printer may be given a print now, and if not, why, in words. One rule for the
// start dialog, the worker right before it sends a start, and the queue's dispatcher: connected,
// idle, no error, no other start in flight, and the plate confirmed clear after the last print.
import type { PrinterState } from "@printernizer/db";

export interface ReadinessInput {
  enabled: boolean;
  /** Printer.awaitingPlateClearSince: set when a print ended and nobody confirmed the plate since. */
  awaitingPlateClearSince: Date | null;
  /** LiveStatus (null: never heard from). */
  live: { connected: boolean; state: PrinterState; rawState: string | null; errorCount: number } | null;
  /** A PrintStart of this printer still pending, uploading or starting. */
  startInFlight: boolean;
}

export type NotReadyCode =
  "disabled" | "offline" | "printing" | "paused" | "busy" | "error" | "plate_not_cleared" | "start_in_flight";

export type Readiness = { ready: true } | { ready: false; code: NotReadyCode; reason: string };

function notReady(code: NotReadyCode, reason: string): Readiness {
  return { ready: false, code, reason };
}

export function printReadiness(input: ReadinessInput): Readiness {
  const { live } = input;
  if (!input.enabled) return notReady("disabled", "The printer is disabled; enable it in admin first.");
  if (!live || !live.connected || live.state === "offline" || live.state === "unknown")
    return notReady("offline", "The printer is not connected; starting needs a connected, idle printer.");
  if (input.startInFlight)
    return notReady("start_in_flight", "Another print is being sent to this printer right now.");
  const said = live.rawState ? ` (it says ${live.rawState})` : "";
  switch (live.state) {
    case "printing":
      return notReady("printing", `The printer is printing${said}; wait until the print ends.`);
    case "paused":
      return notReady("paused", `The printer has a paused print${said}; resume or cancel it first.`);
    case "busy":
      return notReady("busy", `The printer is busy${said}; try again when it is idle.`);
    case "error":
      return notReady("error", `The printer reports an error${said}; clear it on the printer first.`);
    default:
      break;
  }
  if (input.awaitingPlateClearSince)
    return notReady(
      "plate_not_cleared",
      "The last print is still on the plate; clear it and confirm “plate cleared” first.",
    );
  return { ready: true };
}
