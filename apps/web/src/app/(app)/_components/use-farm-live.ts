"use client";

// Keeps the farm list in the TanStack Query cache current: the SSE stream's messages (new rows,
// patches of changed fields, removed ids) are buffered and applied together at most once per
// animation frame, so 2,000 printers reporting every second cost one cache update per frame.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { applyFarmDeltas, mergeFarmLists, type FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";
import { toDeltaMessage } from "~/app/_lib/farm-deltas";
import { createFrameBatch, type FrameBatch } from "~/app/_lib/frame-batch";
import { useFarmStream, type StreamState } from "~/app/_lib/use-farm-stream";
import { useTRPC } from "~/trpc/react";

export type LiveState = StreamState;

/**
 * `farm.list`'s structural sharing: a fetched list never overwrites a row the stream brought
 * newer, and a row of the same version keeps its object, so unchanged rows do not re-render.
 */
export function shareFarmRows(held: unknown, fetched: unknown): unknown {
  const previous = held as FarmPrinter[] | undefined;
  const merged = mergeFarmLists(previous, fetched as FarmPrinter[]);
  if (!previous) return merged;
  const heldById = new Map(previous.map((p) => [p.id, p]));
  let same = merged.length === previous.length;
  const shared = merged.map((row, i) => {
    const mine = heldById.get(row.id);
    const keep =
      mine && mine !== row && new Date(mine.updatedAt).getTime() === new Date(row.updatedAt).getTime();
    const out = keep ? mine : row;
    if (out !== previous[i]) same = false;
    return out;
  });
  return same ? previous : shared;
}

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
