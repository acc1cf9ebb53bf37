import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ZEmailSchema, ZNameSchema, ZPasswordSchema } from "@printernizer/auth";
import {
  createUser,
  deleteUser,
  listUsers,
  resetPassword,
  setDisabled,
  setRole,
  UserError,
} from "@printernizer/auth/users";
import { ZRoleSchema } from "../roles";
import { recordAudit } from "@printernizer/farm/audit";
import { adminProcedure, createTRPCRouter } from "../trpc";

const ZUserIdSchema = z.object({ userId: z.string().min(1, "Which user?").max(64) });

async function userAction<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UserError)
      throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  }
}

function notYourself(ctx: { session: { user: { id: string } } }, userId: string, what: string) {
  if (ctx.session.user.id === userId)
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `You cannot ${what} your own account; ask another admin.`,
    });
}

export const adminUsersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  create: adminProcedure
    .input(z.object({ email: ZEmailSchema, name: ZNameSchema, password: ZPasswordSchema, role: ZRoleSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await userAction(() => createUser(ctx.db, input));
      await recordAudit(ctx, {
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
        details: { role: input.role },
      });
      return { id: user.id, email: user.email, name: user.name, role: user.role };
    }),

  setRole: adminProcedure
    .input(ZUserIdSchema.extend({ role: ZRoleSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await userAction(() => setRole(ctx.db, input.userId, input.role));
      await recordAudit(ctx, {
        action: "user.role",
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
        details: { from: user.previousRole, to: input.role },
      });
      return { id: user.id, role: user.role };
    }),

  setDisabled: adminProcedure
    .input(ZUserIdSchema.extend({ disabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (input.disabled) notYourself(ctx, input.userId, "disable");
      const user = await userAction(() => setDisabled(ctx.db, input.userId, input.disabled));
      await recordAudit(ctx, {
        action: input.disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
      });
      return { id: user.id, disabled: user.disabled };
    }),

  resetPassword: adminProcedure
    .input(ZUserIdSchema.extend({ password: ZPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await userAction(() => resetPassword(ctx.db, input.userId, input.password));
      await recordAudit(ctx, {
        action: "user.reset_password",
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
      });
      return { id: user.id };
    }),

  remove: adminProcedure.input(ZUserIdSchema).mutation(async ({ ctx, input }) => {
    notYourself(ctx, input.userId, "remove");
    const user = await userAction(() => deleteUser(ctx.db, input.userId));
    await recordAudit(ctx, {
      action: "user.remove",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.email,
      details: { role: user.role },
    });
    return { id: user.id };
  }),
});
