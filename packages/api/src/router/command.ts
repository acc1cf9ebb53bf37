import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getCommandProgress } from "@printernizer/farm/command-progress";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const ZCommandIdSchema = z.object({
  commandId: z
    .string({ message: "Which command? The command id is missing." })
    .min(1, "Which command? The command id is missing.")
    .max(100, "That is not a command id."),
});

export const commandRouter = createTRPCRouter({
  /** Where a command is: sent, on the printer, done, or failed with the reason. */
  get: viewerProcedure.input(ZCommandIdSchema).query(async ({ ctx, input }) => {
    const progress = await getCommandProgress(ctx.db, input.commandId);
    if (!progress) throw new TRPCError({ code: "NOT_FOUND", message: "There is no such command." });
    return progress;
  }),
});
