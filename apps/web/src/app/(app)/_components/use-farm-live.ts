"use client";

// Keeps the farm list in the TanStack Query cache current: the SSE stream's messages (new rows,
// patches of changed fields, removed ids) are buffered and applied together at most once per
// animation frame, so 2,000 printers reporting every second cost one cache update per frame.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { applyFarmDeltas, type FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";
import { shareFarmRows, toDeltaMessage } from "~/app/_lib/farm-deltas";
import { createFrameBatch, type FrameBatch } from "~/app/_lib/frame-batch";
import { useFarmStream, type StreamState } from "~/app/_lib/use-farm-stream";
import { useTRPC } from "~/trpc/react";

export type LiveState = StreamState;

export function useFarmListOptions() {
  const trpc = useTRPC();
  return trpc.farm.list.queryOptions(undefined, { structuralSharing: shareFarmRows });
}

export function useFarmLive(): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.farm.list.queryKey();
  const batch = useRef<FrameBatch<FarmDeltaMessage> | null>(null);
  useEffect(() => {
    const created = createFrameBatch<FarmDeltaMessage>((messages) =>
      queryClient.setQueryData<FarmPrinter[]>(trpc.farm.list.queryKey(), (current) =>
        current ? applyFarmDeltas(current, messages) : current,
      ),
    );
    batch.current = created;
    return () => created.cancel();
  }, [queryClient, trpc]);
  return useFarmStream({
    // (Re)connected: fetch the list once, for whatever changed while nobody was listening.
    onLive: () => void queryClient.invalidateQueries({ queryKey: listKey }),
    onData: (event) => batch.current?.push(toDeltaMessage(event.data)),
  });
}
