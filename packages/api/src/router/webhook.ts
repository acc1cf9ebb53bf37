// Admin-only: notification channels (webhooks, Discord, ntfy, Slack-compatible, email) and their delivery log.
// Which events reach a channel is decided by notification rules (router/notification-rule.ts).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "@printernizer/farm/audit";
import {
  ChannelTargetMissingError,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  queueTestDelivery,
  setWebhookEnabled,
  updateWebhook,
  ZDeliveryPageSchema,
  ZWebhookCreateSchema,
  ZWebhookUpdateSchema,
} from "@printernizer/farm/webhooks";
import { webhookTargetProblem, type WebhookTargetPolicy } from "@printernizer/farm/webhook-target";
import { adminProcedure, createTRPCRouter, requireCipher } from "../trpc";

export const ZWebhookIdSchema = z.object({ id: z.string().min(1, "Which webhook?") });
export const ZWebhookEnabledSchema = ZWebhookIdSchema.extend({ enabled: z.boolean() });

/** Refuses loopback, link-local, unspecified and multicast targets (the worker checks resolved names again when it sends). */
function checkTarget(
  input: { format: string; url?: string; smtp?: { host: string; port: number } },
  policy: WebhookTargetPolicy,
): void {
  const url =
    input.format === "email" ? input.smtp && `smtp://${input.smtp.host}:${input.smtp.port}` : input.url;
  const problem = url ? webhookTargetProblem(url, policy) : null;
  if (problem)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: input.format === "email" ? problem.replace("Webhooks", "Mail") : problem,
    });
}

const notFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "This channel does not exist any more. Reload the page." });

export const webhookRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listWebhooks(ctx.db, requireCipher(ctx))),

  create: adminProcedure.input(ZWebhookCreateSchema).mutation(async ({ ctx, input }) => {
    checkTarget(input, ctx.webhookTargets);
    const { webhook, signingSecret } = await createWebhook(ctx.db, requireCipher(ctx), input);
    await recordAudit(ctx, {
      action: "webhook.create",
      targetType: "webhook",
      targetId: webhook.id,
      targetLabel: webhook.name,
      details: { format: webhook.format },
    });
    // shown once: the page displays it for copying and it is never readable again
    return { ...webhook, signingSecret };
  }),

  update: adminProcedure.input(ZWebhookUpdateSchema).mutation(async ({ ctx, input }) => {
    checkTarget(input, ctx.webhookTargets);
    const result = await updateWebhook(ctx.db, requireCipher(ctx), input).catch((error: unknown) => {
      if (error instanceof ChannelTargetMissingError)
        throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    });
    if (!result) throw notFound();
    await recordAudit(ctx, {
      action: "webhook.update",
      targetType: "webhook",
      targetId: input.id,
      targetLabel: result.webhook.name,
      details: { changed: result.changed },
    });
    return { ...result.webhook, signingSecret: result.signingSecret };
  }),

  setEnabled: adminProcedure.input(ZWebhookEnabledSchema).mutation(async ({ ctx, input }) => {
    const webhook = await setWebhookEnabled(ctx.db, input.id, input.enabled);
    if (!webhook) throw notFound();
    await recordAudit(ctx, {
      action: input.enabled ? "webhook.enable" : "webhook.disable",
      targetType: "webhook",
      targetId: webhook.id,
      targetLabel: webhook.name,
    });
    return webhook;
  }),

  delete: adminProcedure.input(ZWebhookIdSchema).mutation(async ({ ctx, input }) => {
    const deleted = await deleteWebhook(ctx.db, input.id);
    if (!deleted) throw notFound();
    await recordAudit(ctx, {
      action: "webhook.delete",
      targetType: "webhook",
      targetId: deleted.id,
      targetLabel: deleted.name,
    });
    return { id: deleted.id };
  }),

  /** Queues a test notification; the worker sends it and the delivery log shows the outcome. */
  sendTest: adminProcedure.input(ZWebhookIdSchema).mutation(async ({ ctx, input }) => {
    const found = await getWebhook(ctx.db, input.id);
    if (!found) throw notFound();
    const delivery = await queueTestDelivery(ctx.db, found.id);
    await recordAudit(ctx, {
      action: "webhook.test",
      targetType: "webhook",
      targetId: found.id,
      targetLabel: found.name,
    });
    return delivery;
  }),

  deliveries: adminProcedure
    .input(ZDeliveryPageSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.db, input)),
});
