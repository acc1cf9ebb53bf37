import { z } from "zod";
import { auditActions, listAudit } from "@printernizer/farm/audit-query";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ZAuditFilterSchema = z.object({
  /** Exact action (auth.login) or a prefix ending in a dot (printer.). */
  action: z.string().trim().max(60).optional(),
  actor: z.string().trim().max(200).optional(),
  outcome: z.enum(["success", "failure", "refused"]).optional(),
  from: z.coerce.date({ message: "Enter a valid start date." }).optional(),
  to: z.coerce.date({ message: "Enter a valid end date." }).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const adminAuditRouter = createTRPCRouter({
  list: adminProcedure.input(ZAuditFilterSchema).query(({ ctx, input }) => listAudit(ctx.db, input)),
  actions: adminProcedure.query(({ ctx }) => auditActions(ctx.db)),
});
