import { z } from "zod";
import { ZRowIdSchema } from "@printernizer/farm/input-schemas";
import { jobStatsByPrinter, listJobs, ZJobFilterSchema } from "@printernizer/farm/jobs";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const ZJobListInputSchema = ZJobFilterSchema.extend({
  cursor: ZRowIdSchema.nullish(),
  limit: z
    .number()
    .int()
    .min(1, "Ask for at least one job.")
    .max(100, "At most 100 jobs per page.")
    .default(50),
});

export const jobsRouter = createTRPCRouter({
  /** Job history across the farm, newest first, one page at a time. */
  list: viewerProcedure
    .input(ZJobListInputSchema)
    .query(({ ctx, input: { cursor, limit, ...filter } }) =>
      listJobs(ctx.db, filter, { cursor: cursor ?? undefined, limit }),
    ),
  /** Per printer: jobs, outcomes, success rate and durations under the same filter. */
  stats: viewerProcedure.input(ZJobFilterSchema).query(({ ctx, input }) => jobStatsByPrinter(ctx.db, input)),
});
