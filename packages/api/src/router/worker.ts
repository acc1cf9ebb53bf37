import { createTRPCRouter, viewerProcedure } from "../trpc";
import { listWorkers } from "../services/workers";

export const workerRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listWorkers(ctx.db)),
});
