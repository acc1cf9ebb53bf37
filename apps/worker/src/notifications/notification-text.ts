// The words of a notification: a title and one or two sentences a person understands, the same
// for every channel (webhook JSON, Discord, ntfy, Slack, email).
export interface Notification {
  eventType: string;
  printer: { id: string | null; name: string | null };
  at: string;
  data: Record<string, unknown>;
  /** The printer's page in the web app, when the public address is known and the event has a printer. */
  link?: string;
}

function jobName(data: Record<string, unknown>): string | undefined {
  const job = data.job as { displayName?: string; name?: string } | undefined;
  return job?.displayName ?? job?.name;
}

/** "It has not answered for 2 minutes." from the notification's `since` (no time zone to guess). */
function offlineFor(n: Notification): string {
  const since = typeof n.data.since === "string" ? Date.parse(n.data.since) : Number.NaN;
  const at = Date.parse(n.at);
  if (Number.isNaN(since) || Number.isNaN(at)) return "";
  return `It has not answered for ${duration(Math.max(0, Math.round((at - since) / 1000)))}.`;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** One line a person understands, e.g. "Job completed on Bambu 1: Benchy". */
export function describe(n: Notification): { title: string; text: string; tags: string; priority: string } {
  const printer = n.printer.name ?? "a printer";
  const job = jobName(n.data);
  switch (n.eventType) {
    case "job_completed":
      return {
        title: `Print finished on ${printer}`,
        text: `${job ?? "The job"} completed.`,
        tags: "white_check_mark",
        priority: "default",
      };
    case "job_failed":
      return {
        title: `Print failed on ${printer}`,
        text: `${job ?? "The job"} failed.`,
        tags: "x",
        priority: "high",
      };
    case "job_cancelled":
      return {
        title: `Print cancelled on ${printer}`,
        text: `${job ?? "The job"} was cancelled.`,
        tags: "no_entry_sign",
        priority: "default",
      };
    case "printer_error": {
      const errors = (n.data.errors as { code?: string; message?: string }[] | undefined) ?? [];
      const first = errors[0];
      return {
        title: `Error on ${printer}`,
        text: first
          ? `${first.message ?? "Printer error"} (${first.code ?? "no code"})`
          : "The printer reports an error.",
        tags: "warning",
        priority: "high",
      };
    }
    case "printer_auth_error":
      return {
        title: `${printer} refused the login`,
        text: `Check the printer's access code or password under Admin → Printers. ${String(n.data.message ?? "")}`.trim(),
        tags: "lock",
        priority: "high",
      };
    case "printer_offline":
      return {
        title: `${printer} is offline`,
        text: `${String(n.data.message ?? "The printer does not answer.")} ${offlineFor(n)}`.trim(),
        tags: "electric_plug",
        priority: "high",
      };
    case "printer_online": {
      const seconds = typeof n.data.offlineSeconds === "number" ? n.data.offlineSeconds : undefined;
      return {
        title: `${printer} is back online`,
        text:
          seconds !== undefined
            ? `It answers again after ${duration(seconds)} offline.`
            : "It answers again.",
        tags: "white_check_mark",
        priority: "default",
      };
    }
    case "printer_waiting_for_plate":
      return {
        title: `${printer} is waiting for the plate`,
        text: `${job ?? "The print"} ended. Clear the plate, then confirm it in Printernizer so the next job can start.`,
        tags: "broom",
        priority: "default",
      };
    case "summary": {
      const lines = Array.isArray(n.data.lines) ? (n.data.lines as string[]) : [];
      return {
        title: `${lines.length} notifications held during quiet hours`,
        text: lines.map((line) => `• ${line}`).join("\n"),
        tags: "zzz",
        priority: "default",
      };
    }
    case "test":
      return {
        title: "Printernizer test notification",
        text: "If you can read this, the webhook works.",
        tags: "bell",
        priority: "default",
      };
    default:
      return {
        title: `${n.eventType} on ${printer}`,
        text: n.eventType,
        tags: "information_source",
        priority: "default",
      };
  }
}
