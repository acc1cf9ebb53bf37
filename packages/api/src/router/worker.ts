import { createTRPCRouter, viewerProcedure } from "../trpc";
import { liveDataStatus } from "@printernizer/farm/live-data";
import { listWorkers } from "@printernizer/farm/workers";

export const workerRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listWorkers(ctx.db)),
  /** Whether live data is current (the stale-data banner on every page). */
  liveData: viewerProcedure.query(({ ctx }) => liveDataStatus(ctx.db)),
});
