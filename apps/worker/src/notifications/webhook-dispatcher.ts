// Sends queued deliveries with retries, to every channel kind (webhooks and email). Any worker may
// send any delivery: rows are claimed with SKIP LOCKED, and a claim left behind by a dead worker is
// retaken after its deadline. Five attempts with growing delays, then the delivery is marked failed.
// Deliveries held by quiet hours that come due together for one channel go out as one summary.
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import { parseSealedSmtp, type ChannelFormat } from "@printernizer/farm/channel-settings";
import { defaultWebhookTargetPolicy, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";
import { classifySmtpError, sendEmail } from "./email-send";
import { describe, type Notification } from "./notification-text";
import { formatEmail, formatNotification } from "./webhook-format";
import { classifySendError, postWebhook, WebhookSendError } from "./webhook-post";

export const maxAttempts = 5;
const claimLeaseSeconds = 120;

interface ClaimedDelivery {
  id: string;
  eventType: string;
  printerId: string | null;
  payload: { at?: string; data?: Record<string, unknown> };
  attempts: number;
  heldUntil: Date | null;
  webhookId: string;
  url: string | null;
  format: ChannelFormat;
  signingSecret: string | null;
  smtp: string | null;
  printerName: string | null;
}

interface Outcome {
  status?: number;
  error?: string;
  permanent: boolean;
}

export class WebhookDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly cipher: CredentialCipher,
    private readonly logger: Logger,
    private readonly options: {
      pollMs?: number;
      timeoutMs?: number;
      retryBaseMs?: number;
      targets?: WebhookTargetPolicy;
      /** The web app's address people open (PRINTERNIZER_PUBLIC_URL): messages link to the printer's page. */
      publicUrl?: string;
    } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1_000);
  }

  wake(): void {
    this.running ??= this.drain()
      .catch((error: unknown) => this.logger.debug({ err: error }, "webhook dispatch failed; will retry"))
      .finally(() => {
        this.running = undefined;
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const batch = await this.db.$queryRaw<ClaimedDelivery[]>`
        UPDATE "WebhookDelivery" d SET "status" = 'sending', "attempts" = d."attempts" + 1,
          "nextAttemptAt" = now() + make_interval(secs => ${claimLeaseSeconds})
        FROM "Webhook" w
        WHERE d."webhookId" = w."id" AND d."id" IN (
          SELECT "id" FROM "WebhookDelivery"
          WHERE "status" IN ('pending', 'sending') AND "nextAttemptAt" <= now()
          ORDER BY "nextAttemptAt" FOR UPDATE SKIP LOCKED LIMIT 50)
        RETURNING d."id", d."eventType", d."printerId", d."payload", d."attempts", d."heldUntil",
          w."id" AS "webhookId", w."url", w."format"::text AS "format", w."signingSecret", w."smtp",
          (SELECT p."name" FROM "Printer" p WHERE p."id" = d."printerId") AS "printerName"`;
      if (!batch.length) return;
      await Promise.all(groupHeld(batch).map((group) => this.send(group)));
    }
  }

  private notification(d: ClaimedDelivery): Notification {
    const base = this.options.publicUrl?.replace(/\/+$/, "");
    return {
      eventType: d.eventType,
      printer: { id: d.printerId, name: d.printerName },
      at: d.payload.at ?? new Date().toISOString(),
      data: d.payload.data ?? {},
      ...(base && d.printerId ? { link: `${base}/printers/${encodeURIComponent(d.printerId)}` } : {}),
    };
  }

  /** One message for what quiet hours held for a channel: a line per event, each event in `data.events`. */
  private summary(group: ClaimedDelivery[]): Notification {
    const items = group.map((d) => this.notification(d));
    const base = this.options.publicUrl?.replace(/\/+$/, "");
    return {
      eventType: "summary",
      printer: { id: null, name: null },
      at: new Date().toISOString(),
      data: {
        lines: items.map((n) => {
          const words = describe(n);
          return `${words.title}: ${words.text}${n.link ? ` (${n.link})` : ""}`;
        }),
        events: items.map((n) => ({
          event: n.eventType,
          printer: n.printer,
          at: n.at,
          link: n.link ?? null,
        })),
      },
      ...(base ? { link: `${base}/events` } : {}),
    };
  }

  private async send(group: ClaimedDelivery[]): Promise<void> {
    const first = group[0]!;
    const n = group.length === 1 ? this.notification(first) : this.summary(group);
    const outcome = await this.deliver(first, n).catch((e: unknown): Outcome =>
      first.format === "email"
        ? { error: classifySmtpError(e).reason, permanent: classifySmtpError(e).permanent }
        : { error: classifySendError(e), permanent: e instanceof WebhookSendError && e.permanent },
    );
    await Promise.all(group.map((d) => this.record(d, outcome)));
  }

  private async deliver(d: ClaimedDelivery, n: Notification): Promise<Outcome> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const policy = this.options.targets ?? defaultWebhookTargetPolicy;
    if (d.format === "email") {
      const smtp = d.smtp ? parseSealedSmtp(this.unseal(d.smtp, "SMTP settings")) : null;
      if (!smtp)
        throw new WebhookSendError("the stored SMTP settings are unreadable; edit the channel", true);
      const mail = formatEmail(n);
      const status = await sendEmail(smtp, { ...mail, timeoutMs, policy });
      return { status, permanent: false };
    }
    if (!d.url) throw new WebhookSendError("the channel has no address; edit it and enter one", true);
    const signing = d.signingSecret
      ? { secret: this.unseal(d.signingSecret, "signing secret"), deliveryId: d.id, sentAt: new Date() }
      : undefined;
    const request = formatNotification(d.format, n, signing);
    const status = await postWebhook(this.unseal(d.url, "address"), { ...request, timeoutMs, policy });
    if (status >= 200 && status < 300) return { status, permanent: false };
    return {
      status,
      error: status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`,
      permanent: false,
    };
  }

  private async record(d: ClaimedDelivery, outcome: Outcome): Promise<void> {
    if (!outcome.error) {
      await this.db.webhookDelivery.update({
        where: { id: d.id },
        data: { status: "sent", responseStatus: outcome.status, sentAt: new Date(), lastError: null },
      });
      return;
    }
    const giveUp = outcome.permanent || d.attempts >= maxAttempts;
    const delayMs = (this.options.retryBaseMs ?? 5_000) * 2 ** (d.attempts - 1);
    await this.db.webhookDelivery.update({
      where: { id: d.id },
      data: {
        status: giveUp ? "failed" : "pending",
        responseStatus: outcome.status ?? null,
        lastError: outcome.error,
        nextAttemptAt: new Date(Date.now() + delayMs),
      },
    });
    this.logger.warn(
      { deliveryId: d.id, attempt: d.attempts, giveUp, reason: outcome.error },
      "webhook delivery failed",
    );
  }

  private unseal(sealed: string, what: string): string {
    try {
      return this.cipher.decrypt(sealed);
    } catch {
      throw new WebhookSendError(
        `the stored ${what} cannot be decrypted (was PRINTERNIZER_SECRET changed?)`,
        true,
      );
    }
  }
}

/** Each delivery alone, except held ones due for the same channel: those together, oldest first. */
function groupHeld(batch: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups: ClaimedDelivery[][] = [];
  const held = new Map<string, ClaimedDelivery[]>();
  for (const d of batch) {
    if (!d.heldUntil) groups.push([d]);
    else held.set(d.webhookId, [...(held.get(d.webhookId) ?? []), d]);
  }
  for (const group of held.values())
    groups.push(group.sort((a, b) => String(a.payload.at).localeCompare(String(b.payload.at))));
  return groups;
}
