"use client";

// Keeps the farm list in the TanStack Query cache current: the SSE stream delivers the
// printers that changed and this patches just those rows.
import { useQueryClient } from "@tanstack/react-query";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { useFarmStream, type StreamState } from "~/app/_lib/use-farm-stream";
import { useTRPC } from "~/trpc/react";

export type LiveState = StreamState;

export function useFarmLive(): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.farm.list.queryKey();
  return useFarmStream({
    // (Re)connected: fetch the list once, for whatever changed while nobody was listening.
    onLive: () => void queryClient.invalidateQueries({ queryKey: listKey }),
    onData: (event) => {
      const message = event.data;
      queryClient.setQueryData<FarmPrinter[]>(listKey, (current) => {
        if (!current) return current;
        const changed = new Map(message.printers.map((p) => [p.id, p]));
        const removed = new Set(message.removed);
        const next = current.filter((p) => !removed.has(p.id)).map((p) => changed.get(p.id) ?? p);
        for (const p of message.printers) if (!current.some((c) => c.id === p.id)) next.push(p);
        return next.sort((a, b) => a.name.localeCompare(b.name));
      });
    },
  });
}
