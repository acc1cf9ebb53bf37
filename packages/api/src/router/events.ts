import type { PrinterEventType } from "@printernizer/printers";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { connectionHealth, farmAlerts } from "@printernizer/farm/connection-health";
import { listEvents, ZEventFilterSchema } from "@printernizer/farm/events";
import { ZEventCursorSchema, ZRowIdSchema } from "@printernizer/farm/input-schemas";
import { eventArrivals } from "@printernizer/farm/live/event-arrivals";
import { sessionWatchFor } from "@printernizer/farm/live/session-watch";
import { createTRPCRouter, viewerProcedure } from "../trpc";

/** Every event type the worker logs, for the filter. */
export const eventTypes = [
  "printer_connected",
  "printer_connection_failed",
  "printer_disconnected",
  "printer_connection_lost",
  "printer_auth_error",
  "printer_status_updated",
  "printer_error",
  "printer_protocol_error",
  "printer_protocol_warning",
  "job_started",
  "job_progress_updated",
  "job_paused",
  "job_resumed",
  "job_cancel_requested",
  "job_completed",
  "job_failed",
  "job_cancelled",
  "job_vanished",
  "temperature_updated",
  "ams_status_updated",
  // derived by the worker itself (its offline notifier), not reported by an adapter
  "printer_offline",
  "printer_online",
  // the worker's plate bookkeeping: a print ended and nobody confirmed the plate cleared yet
  "printer_waiting_for_plate",
] as const satisfies readonly (
  PrinterEventType | "printer_offline" | "printer_online" | "printer_waiting_for_plate"
)[];

export const ZEventListInputSchema = ZEventFilterSchema.extend({
  cursor: ZEventCursorSchema.nullish(),
  limit: z
    .number()
    .int()
    .min(1, "Ask for at least one event.")
    .max(200, "At most 200 events per page.")
    .default(50),
});

export const ZEventLiveInputSchema = z.object({ printerId: ZRowIdSchema.optional() }).optional();

export const eventsRouter = createTRPCRouter({
  /** The farm-wide event log, newest first, one page at a time. */
  list: viewerProcedure
    .input(ZEventListInputSchema)
    .query(({ ctx, input: { cursor, limit, ...filter } }) =>
      listEvents(ctx.db, filter, { cursor: cursor ? BigInt(cursor) : undefined, limit }),
    ),
  /** "New events for these printers" as the worker writes them (the page refetches its list), one SSE stream per page. */
  live: viewerProcedure.input(ZEventLiveInputSchema).subscription(async function* ({ ctx, input, signal }) {
    if (!ctx.hub)
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: "Live updates are not available in this process.",
      });
    // ends within seconds of sign-out, disabling or a role change, as the farm stream does
    const session = sessionWatchFor(ctx.db).watch(ctx.session);
    try {
      const ended = signal ? AbortSignal.any([signal, session.signal]) : session.signal;
      yield* eventArrivals(ctx.hub, { printerId: input?.printerId, signal: ended });
      if (session.signal.aborted)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again." });
    } finally {
      session.stop();
    }
  }),
  types: viewerProcedure.query(() => [...eventTypes]),
  /** Connection health of every printer (state, last communication, reconnects, circuit). */
  health: viewerProcedure.query(({ ctx }) => connectionHealth(ctx.db)),
  /** Printers in error, refusing the login or offline for longer than the grace: the banner on every page. */
  alerts: viewerProcedure.query(({ ctx }) => farmAlerts(ctx.db, { offlineGraceMs: ctx.offlineGraceMs })),
});
