// How one notification is written for each webhook format: a generic JSON document,
// a Discord message, or an ntfy push (plain text with title/tags/priority headers).
export type WebhookFormat = "generic" | "discord" | "ntfy";

export interface Notification {
  eventType: string;
  printer: { id: string | null; name: string | null };
  at: string;
  data: Record<string, unknown>;
}

export interface FormattedRequest {
  body: string;
  headers: Record<string, string>;
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

export function formatNotification(format: WebhookFormat, n: Notification): FormattedRequest {
  const d = describe(n);
  switch (format) {
    case "generic":
      return {
        body: JSON.stringify({
          event: n.eventType,
          title: d.title,
          message: d.text,
          printer: n.printer,
          at: n.at,
          data: n.data,
        }),
        headers: { "content-type": "application/json" },
      };
    case "discord":
      return {
        body: JSON.stringify({
          username: "Printernizer",
          content: `**${d.title}**\n${d.text}`,
          allowed_mentions: { parse: [] },
        }),
        headers: { "content-type": "application/json" },
      };
    case "ntfy":
      // HTTP headers must be Latin-1; ntfy also accepts RFC 2047 encoded titles, but plain ASCII is safest.
      return {
        body: d.text,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          title: d.title.replace(/[^\x20-\x7e]/g, "?"),
          tags: d.tags,
          priority: d.priority,
        },
      };
  }
}
