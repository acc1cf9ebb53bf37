import { createTRPCRouter, publicProcedure } from "../trpc";
import { listWorkers } from "../services/workers";

export const workerRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listWorkers(ctx.db)),
});
