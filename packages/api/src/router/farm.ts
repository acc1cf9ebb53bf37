import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import { farmUpdates } from "@printernizer/farm/live/farm-updates";
import { sessionWatchFor } from "@printernizer/farm/live/session-watch";
import { listFarm } from "@printernizer/farm/farm";
import { createTRPCRouter, viewerProcedure } from "../trpc";

export const ZFarmUpdatesInputSchema = z
  .object({
    /** Sent back by the client after a reconnect (tRPC's tracked() event id): resume from there. */
    lastEventId: z.string().datetime({ offset: true }).nullish(),
  })
  .optional();

export const farmRouter = createTRPCRouter({
  /** Every printer with its live status: the dashboard's initial state (from the process's farm cache where there is one). */
  list: viewerProcedure.query(({ ctx }) =>
    ctx.farm && !ctx.farm.closedSignal.aborted ? ctx.farm.list() : listFarm(ctx.db),
  ),

  /** Server-sent changes of the farm (`FarmDeltaMessage`s: new rows, patches, removals), one stream per browser. */
  updates: viewerProcedure.input(ZFarmUpdatesInputSchema).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    if (!ctx.farm)
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "Live updates are not available in this process.",
      });
    const since = input?.lastEventId ? new Date(input.lastEventId) : undefined;
    // ends the stream within seconds of sign-out, disabling or a role change (the browser reconnects with what it has now)
    const session = sessionWatchFor(ctx.db).watch(ctx.session);
    try {
      const ended = signal ? AbortSignal.any([signal, session.signal]) : session.signal;
      for await (const message of farmUpdates(ctx.farm, { since, signal: ended })) {
        yield tracked(message.cursor, message);
      }
      if (session.signal.aborted)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    } finally {
      session.stop();
    }
  }),
});
