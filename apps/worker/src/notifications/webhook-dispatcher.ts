// Sends queued webhook deliveries with retries. Any worker may send any delivery: rows
// are claimed with SKIP LOCKED, and a claim left behind by a dead worker is retaken after
// its deadline. Five attempts with growing delays, then the delivery is marked failed.
import type { Db } from "@printernizer/db";
import type { CredentialCipher } from "@printernizer/db/secrets";
import type { Logger } from "@printernizer/logger";
import { defaultWebhookTargetPolicy, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";
import { formatNotification, type WebhookFormat } from "./webhook-format";
import { classifySendError, postWebhook, WebhookSendError } from "./webhook-post";

export const maxAttempts = 5;
const claimLeaseSeconds = 120;

interface ClaimedDelivery {
  id: string;
  eventType: string;
  printerId: string | null;
  payload: { at?: string; data?: Record<string, unknown> };
  attempts: number;
  url: string;
  format: WebhookFormat;
  printerName: string | null;
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
          ORDER BY "nextAttemptAt" FOR UPDATE SKIP LOCKED LIMIT 20)
        RETURNING d."id", d."eventType", d."printerId", d."payload", d."attempts", w."url", w."format"::text AS "format",
          (SELECT p."name" FROM "Printer" p WHERE p."id" = d."printerId") AS "printerName"`;
      if (!batch.length) return;
      await Promise.all(batch.map((d) => this.send(d)));
    }
  }

  private async send(d: ClaimedDelivery): Promise<void> {
    let status: number | undefined;
    let error: string | undefined;
    let permanent = false;
    try {
      const request = formatNotification(d.format, {
        eventType: d.eventType,
        printer: { id: d.printerId, name: d.printerName },
        at: d.payload.at ?? new Date().toISOString(),
        data: d.payload.data ?? {},
      });
      status = await postWebhook(this.decryptUrl(d.url), {
        body: request.body,
        headers: request.headers,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        policy: this.options.targets ?? defaultWebhookTargetPolicy,
      });
      if (status < 200 || status >= 300)
        error =
          status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
    } catch (e) {
      error = classifySendError(e);
      // a refused target or an unreadable address will not get better by retrying
      permanent = e instanceof WebhookSendError && e.permanent;
    }
    if (!error) {
      await this.db.webhookDelivery.update({
        where: { id: d.id },
        data: { status: "sent", responseStatus: status, sentAt: new Date(), lastError: null },
      });
      return;
    }
    const giveUp = permanent || d.attempts >= maxAttempts;
    const delayMs = (this.options.retryBaseMs ?? 5_000) * 2 ** (d.attempts - 1);
    await this.db.webhookDelivery.update({
      where: { id: d.id },
      data: {
        status: giveUp ? "failed" : "pending",
        responseStatus: status ?? null,
        lastError: error,
        nextAttemptAt: new Date(Date.now() + delayMs),
      },
    });
    this.logger.warn(
      { deliveryId: d.id, attempt: d.attempts, giveUp, reason: error },
      "webhook delivery failed",
    );
  }

  private decryptUrl(sealed: string): string {
    try {
      return this.cipher.decrypt(sealed);
    } catch {
      throw new WebhookSendError(
        "the stored address cannot be decrypted (was PRINTERNIZER_SECRET changed?)",
        true,
      );
    }
  }
}
