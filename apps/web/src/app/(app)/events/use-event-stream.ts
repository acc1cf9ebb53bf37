"use client";
// The events page's live signal (events.live over SSE): each time the worker writes events
// (for the filtered printer, when one is chosen) the event list is fetched again, so new
// events appear without a reload. As the dashboard's stream, it retries by itself and
// refetches once it is (re)established, for what was written while it was not listening.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef } from "react";
import { useTRPC } from "~/trpc/react";

export function useEventStream(printerId: string | undefined): "live" | "connecting" {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = useCallback(
    () => void queryClient.invalidateQueries(trpc.events.list.pathFilter()),
    [queryClient, trpc],
  );
  const subscription = useSubscription(
    trpc.events.live.subscriptionOptions(printerId ? { printerId } : undefined, { onData: refetch }),
  );
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== "error" && status !== "idle") return;
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, reset]);
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  useEffect(() => {
    if (status === "pending") refetchRef.current();
  }, [status]);
  return status === "pending" ? "live" : "connecting";
}
