"use client";

// Keeps one printer's page current from the same SSE stream the dashboard uses: messages are
// buffered and applied once per animation frame; rows and patches of this printer update
// printer.get (an older one never overwrites a newer: updatedAt is the row's version); a state
// or job change also refreshes the open job (thumbnail), the job list and the event log.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { RouterOutputs } from "@printernizer/api";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { applyFarmDeltas, type FarmDeltaMessage } from "@printernizer/farm/live/farm-delta";
import { toDeltaMessage } from "~/app/_lib/farm-deltas";
import { createFrameBatch, type FrameBatch } from "~/app/_lib/frame-batch";
import { useFarmStream } from "~/app/_lib/use-farm-stream";
import { useTRPC } from "~/trpc/react";

type Detail = RouterOutputs["printer"]["get"];
export type LiveState = "connecting" | "live" | "reconnecting" | "removed";

export function usePrinterLive(printerId: string): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState(false);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.printer.get.queryFilter({ printerId }));
    void queryClient.invalidateQueries(trpc.jobs.list.pathFilter());
    void queryClient.invalidateQueries(trpc.events.list.pathFilter());
  };
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const batch = useRef<FrameBatch<FarmDeltaMessage> | null>(null);
  useEffect(() => {
    const detailKey = trpc.printer.get.queryKey({ printerId });
    const created = createFrameBatch<FarmDeltaMessage>((messages) => {
      if (messages.some((m) => m.removed.includes(printerId))) setRemoved(true);
      // The dashboard's list too, so going back shows the same state.
      queryClient.setQueryData<FarmPrinter[]>(trpc.farm.list.queryKey(), (list) =>
        list ? applyFarmDeltas(list, messages) : list,
      );
      const before = queryClient.getQueryData<Detail>(detailKey);
      if (!before) return;
      const after = applyFarmDeltas([before.printer], messages).find((p) => p.id === printerId);
      if (!after || after === before.printer) return;
      queryClient.setQueryData<Detail>(detailKey, (current) =>
        current ? { ...current, printer: after } : current,
      );
      if (before.printer.state !== after.state || before.printer.job?.name !== after.job?.name)
        refreshRef.current();
    });
    batch.current = created;
    return () => created.cancel();
  }, [queryClient, trpc, printerId]);
  const stream = useFarmStream({
    // (Re)connected: refetch, for whatever changed while nobody was listening.
    onLive: refresh,
    onData: (event) => batch.current?.push(toDeltaMessage(event.data)),
  });
  return removed ? "removed" : stream;
}
