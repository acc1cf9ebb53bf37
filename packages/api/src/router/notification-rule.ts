// Admin-only: notification rules (which events about which printers go to which channels, quiet hours).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "@printernizer/farm/audit";
import {
  createRule,
  deleteRule,
  listRules,
  listScopeOptions,
  UnknownChannelError,
  updateRule,
  ZRuleSettingsSchema,
  ZRuleUpdateSchema,
} from "@printernizer/farm/notification-rules";
import { adminProcedure, createTRPCRouter } from "../trpc";

const ZRuleIdSchema = z.object({ id: z.string().min(1, "Which rule?") });

const notFound = () =>
  new TRPCError({ code: "NOT_FOUND", message: "This rule does not exist any more. Reload the page." });

function badChannels(error: unknown): never {
  if (error instanceof UnknownChannelError)
    throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
  throw error;
}

export const notificationRuleRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listRules(ctx.db)),

  /** Locations and tags the farm's printers have, for the scope select. */
  scopeOptions: adminProcedure.query(({ ctx }) => listScopeOptions(ctx.db)),

  create: adminProcedure.input(ZRuleSettingsSchema).mutation(async ({ ctx, input }) => {
    const rule = await createRule(ctx.db, input).catch(badChannels);
    await recordAudit(ctx, {
      action: "notificationRule.create",
      targetType: "notificationRule",
      targetId: rule.id,
      targetLabel: rule.name,
      details: { events: rule.events, scope: rule.scope, channels: rule.channels.map((c) => c.name) },
    });
    return rule;
  }),

  update: adminProcedure.input(ZRuleUpdateSchema).mutation(async ({ ctx, input }) => {
    const { id, ...settings } = input;
    const rule = await updateRule(ctx.db, id, settings).catch(badChannels);
    if (!rule) throw notFound();
    await recordAudit(ctx, {
      action: "notificationRule.update",
      targetType: "notificationRule",
      targetId: rule.id,
      targetLabel: rule.name,
      details: { events: rule.events, scope: rule.scope, channels: rule.channels.map((c) => c.name) },
    });
    return rule;
  }),

  delete: adminProcedure.input(ZRuleIdSchema).mutation(async ({ ctx, input }) => {
    const deleted = await deleteRule(ctx.db, input.id);
    if (!deleted) throw notFound();
    await recordAudit(ctx, {
      action: "notificationRule.delete",
      targetType: "notificationRule",
      targetId: deleted.id,
      targetLabel: deleted.name,
    });
    return { id: deleted.id };
  }),
});
