// One notification email over SMTP (nodemailer). The server's name is resolved here and every
// address checked against the same target policy as webhooks (no loopback, link-local … unless
// allowed); the connection goes to the checked address with TLS verified against the name.
// Failures become short reasons a person can act on; never the password or the server's text.
import dns from "node:dns/promises";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import type { SmtpSettings } from "@printernizer/farm/channel-settings";
import { forbiddenAddressReason, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";
import { WebhookSendError } from "./webhook-post";

export interface EmailSend {
  subject: string;
  text: string;
  timeoutMs: number;
  policy: WebhookTargetPolicy;
}

async function checkedAddress(host: string, policy: WebhookTargetPolicy): Promise<string> {
  const literal = host.startsWith("[") ? host.slice(1, -1) : host;
  let addresses: string[];
  if (isIP(literal)) addresses = [literal];
  else {
    try {
      addresses = (await dns.lookup(literal, { all: true })).map((a) => a.address);
    } catch {
      throw new WebhookSendError(`SMTP server ${host} not found (DNS lookup failed)`);
    }
  }
  const refused = addresses.map((a) => forbiddenAddressReason(a, policy)).find(Boolean);
  if (refused) throw new WebhookSendError(`refused: ${refused}`, true);
  const first = addresses[0];
  if (!first) throw new WebhookSendError(`SMTP server ${host} not found`);
  return first;
}

/** A short reason for a failed send, from nodemailer's error codes. */
export function classifySmtpError(error: unknown): { reason: string; permanent: boolean } {
  if (error instanceof WebhookSendError) return { reason: error.reason, permanent: error.permanent };
  const e = error as { code?: string; responseCode?: number; command?: string } | null;
  switch (e?.code) {
    case "EAUTH":
      return { reason: "SMTP login refused: check the user name and password", permanent: true };
    case "EENVELOPE":
      return {
        reason: `SMTP server refused the sender or a recipient${e.responseCode ? ` (${e.responseCode})` : ""}: check From and To`,
        permanent: true,
      };
    case "ETIMEDOUT":
      return { reason: "SMTP server did not answer in time (check host and port)", permanent: false };
    case "ETLS":
      return {
        reason: "TLS with the SMTP server failed: try the other TLS mode or check its certificate",
        permanent: false,
      };
    case "ECONNECTION":
    case "ESOCKET": {
      const text = String((error as Error).message ?? "");
      if (/ECONNREFUSED/.test(text))
        return { reason: "SMTP connection refused (check host and port)", permanent: false };
      if (/certificate|self[- ]signed|TLS|SSL/i.test(text))
        return {
          reason: "TLS with the SMTP server failed: its certificate is not trusted",
          permanent: false,
        };
      return { reason: "SMTP connection failed (check host, port and TLS mode)", permanent: false };
    }
    default:
      if (e?.responseCode)
        return {
          reason: `SMTP server answered ${e.responseCode}${e.command ? ` to ${e.command}` : ""}`,
          permanent: e.responseCode >= 500,
        };
      return { reason: "SMTP send failed", permanent: false };
  }
}

/** Sends and resolves with the server's answer code (250); rejects with what went wrong. */
export async function sendEmail(smtp: SmtpSettings, mail: EmailSend): Promise<number> {
  const address = await checkedAddress(smtp.host, mail.policy);
  const transport = nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.tls === "tls",
    requireTLS: smtp.tls === "starttls",
    ignoreTLS: smtp.tls === "none",
    tls: isIP(smtp.host) ? {} : { servername: smtp.host },
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: mail.timeoutMs,
    greetingTimeout: mail.timeoutMs,
    socketTimeout: mail.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to: smtp.to,
      subject: mail.subject,
      text: mail.text,
    });
    const code = /^(\d{3})/.exec(String(info.response ?? ""))?.[1];
    return code ? Number(code) : 250;
  } finally {
    transport.close();
  }
}
