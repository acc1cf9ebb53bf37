// The wall display (`/wall/<token>`): the farm as read-only cards, and its live changes, for
// a wall-display link. Nothing else is callable with such a link (kiosk-procedure.ts).
import { TRPCError, tracked } from "@trpc/server";
import { z } from "zod";
import { listFarm } from "@printernizer/farm/farm";
import { invalidKioskLinkMessage } from "@printernizer/farm/kiosk-tokens";
import { farmUpdates } from "@printernizer/farm/live/farm-updates";
import { kioskWatchFor } from "@printernizer/farm/live/kiosk-watch";
import { toWallList, toWallMessage } from "@printernizer/farm/live/wall-rows";
import { kioskProcedure } from "../kiosk-procedure";
import { createTRPCRouter } from "../trpc";

export const ZWallUpdatesInputSchema = z.object({
  /** Sent back by the client after a reconnect (tRPC's tracked() event id): resume from there. */
  lastEventId: z.string().datetime({ offset: true }).nullish(),
});

export const wallRouter = createTRPCRouter({
  /** The link's name and every printer as a wall card shows it. */
  list: kioskProcedure.query(async ({ ctx }) => ({
    name: ctx.kiosk.name,
    printers: toWallList(
      ctx.farm && !ctx.farm.closedSignal.aborted ? await ctx.farm.list() : await listFarm(ctx.db),
    ),
  })),

  /** The farm's changes, cut to what the cards show; ends within seconds once the link is revoked. */
  updates: kioskProcedure.input(ZWallUpdatesInputSchema).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    if (!ctx.farm)
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "Live updates are not available in this process.",
      });
    const since = input.lastEventId ? new Date(input.lastEventId) : undefined;
    const link = kioskWatchFor(ctx.db).watch(ctx.kiosk.id);
    try {
      const ended = signal ? AbortSignal.any([signal, link.signal]) : link.signal;
      for await (const message of farmUpdates(ctx.farm, { since, signal: ended })) {
        const wall = toWallMessage(message);
        if (wall.resync || wall.upserts.length || wall.patches.length || wall.removed.length)
          yield tracked(wall.cursor, wall);
      }
      if (link.signal.aborted)
        throw new TRPCError({ code: "UNAUTHORIZED", message: invalidKioskLinkMessage });
    } finally {
      link.stop();
    }
  }),
});
