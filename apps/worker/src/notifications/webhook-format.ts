// How one notification is written for each channel kind: a generic JSON document (signed with
// HMAC-SHA256 when the channel has a secret), a Discord message, an ntfy push (plain text with
// title/tags/priority/click headers), a Slack-compatible {"text"} message, or an email.
import { createHmac } from "node:crypto";
import { describe, type Notification } from "./notification-text";

export { describe, type Notification } from "./notification-text";

export type WebhookFormat = "generic" | "discord" | "ntfy" | "slack";

export interface FormattedRequest {
  body: string;
  headers: Record<string, string>;
}

export const signatureHeader = "x-printernizer-signature";
export const timestampHeader = "x-printernizer-timestamp";

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, raw body). A receiver recomputes it over the bytes it got,
 * compares in constant time, and may refuse a `sentAt` (also in the timestamp header) older than
 * a few minutes and a delivery id it has seen (retries repeat the id).
 */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** "**Title**\ntext" plus the printer's page on its own line when known. */
function withLink(text: string, link: string | undefined, render = (url: string) => url): string {
  return link ? `${text}\n${render(link)}` : text;
}

export function formatNotification(
  format: WebhookFormat,
  n: Notification,
  signing?: { secret: string; deliveryId: string; sentAt: Date },
): FormattedRequest {
  const d = describe(n);
  switch (format) {
    case "generic": {
      const body = JSON.stringify({
        event: n.eventType,
        title: d.title,
        message: d.text,
        printer: n.printer,
        link: n.link ?? null,
        at: n.at,
        data: n.data,
        ...(signing ? { delivery: signing.deliveryId, sentAt: signing.sentAt.toISOString() } : {}),
      });
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (signing) {
        headers[signatureHeader] = signBody(signing.secret, body);
        headers[timestampHeader] = String(Math.floor(signing.sentAt.getTime() / 1000));
      }
      return { body, headers };
    }
    case "discord":
      return {
        body: JSON.stringify({
          username: "Printernizer",
          content: withLink(`**${d.title}**\n${d.text}`, n.link),
          allowed_mentions: { parse: [] },
        }),
        headers: { "content-type": "application/json" },
      };
    case "slack":
      // Slack's mrkdwn: <url|label> links; &, < and > escaped in our own text.
      return {
        body: JSON.stringify({
          text: withLink(
            `*${slackEscape(d.title)}*\n${slackEscape(d.text)}`,
            n.link,
            (url) => `<${url}|Open in Printernizer>`,
          ),
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
          ...(n.link ? { click: n.link } : {}),
        },
      };
  }
}

function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An email's subject and plain-text body. */
export function formatEmail(n: Notification): { subject: string; text: string } {
  const d = describe(n);
  const footer = n.link ? `\n\nOpen the printer: ${n.link}` : "";
  return {
    subject: `[Printernizer] ${d.title}`,
    text: `${d.text}${footer}\n\n— Printernizer (${n.at})`,
  };
}
