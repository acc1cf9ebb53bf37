// The words for each event a rule can name (farm/webhooks.ts webhookEventTypes).
import type { RouterInputs } from "@printernizer/api";

export type RuleEvent = RouterInputs["notificationRule"]["create"]["events"][number];

export const eventLabels: Record<string, string> = {
  job_completed: "Job finished",
  job_failed: "Job failed",
  job_cancelled: "Job cancelled",
  printer_error: "Printer error",
  printer_auth_error: "Login refused by the printer",
  printer_offline: "Printer offline",
  printer_online: "Printer back online",
  printer_waiting_for_plate: "Waiting for the plate to be cleared",
};

/** Events that wake someone up: offered to break quiet hours. */
export const urgentEvents = ["printer_offline", "printer_error"];
