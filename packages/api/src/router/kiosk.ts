// Admin-only: wall-display links. A link's token is shown once, when it is created; the list
// shows its first characters, who created it, when it was last used, and whether it is revoked.
import { TRPCError } from "@trpc/server";
import { recordAudit } from "@printernizer/farm/audit";
import {
  createKioskToken,
  listKioskTokens,
  revokeKioskToken,
  ZKioskCreateSchema,
  ZKioskIdSchema,
} from "@printernizer/farm/kiosk-tokens";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const kioskRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listKioskTokens(ctx.db)),

  /** Returns the token once: the browser builds the link from it; it is never shown again. */
  create: adminProcedure.input(ZKioskCreateSchema).mutation(async ({ ctx, input }) => {
    const created = await createKioskToken(ctx.db, { name: input.name, createdById: ctx.session.user.id });
    await recordAudit(ctx, {
      action: "kiosk.create",
      targetType: "kiosk",
      targetId: created.id,
      targetLabel: created.name,
      details: { tokenPrefix: created.tokenPrefix },
    });
    return created;
  }),

  revoke: adminProcedure.input(ZKioskIdSchema).mutation(async ({ ctx, input }) => {
    const revoked = await revokeKioskToken(ctx.db, input.id);
    if (!revoked)
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "This wall-display link does not exist any more. Reload the page.",
      });
    await recordAudit(ctx, {
      action: "kiosk.revoke",
      targetType: "kiosk",
      targetId: revoked.id,
      targetLabel: revoked.name,
    });
    return revoked;
  }),
});
