"use client";

// Keeps one printer's page current from the same SSE stream the dashboard uses: a changed
// printer patches printer.get at once; a state or job change also refreshes the open job
// (thumbnail), the job list and the event log.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterOutputs } from "@printernizer/api";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { useFarmStream } from "~/app/_lib/use-farm-stream";
import { useTRPC } from "~/trpc/react";

type Detail = RouterOutputs["printer"]["get"];
export type LiveState = "connecting" | "live" | "reconnecting" | "removed";

export function usePrinterLive(printerId: string): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removed, setRemoved] = useState(false);
  const detailKey = trpc.printer.get.queryKey({ printerId });
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.printer.get.queryFilter({ printerId }));
    void queryClient.invalidateQueries(trpc.jobs.list.pathFilter());
    void queryClient.invalidateQueries(trpc.events.list.pathFilter());
  };
  const stream = useFarmStream({
    // (Re)connected: refetch, for whatever changed while nobody was listening.
    onLive: refresh,
    onData: (event) => {
      const message = event.data;
      if (message.removed.includes(printerId)) setRemoved(true);
      const changed = message.printers.find((p) => p.id === printerId);
      if (!changed) return;
      const before = queryClient.getQueryData<Detail>(detailKey);
      queryClient.setQueryData<Detail>(detailKey, (current) =>
        current ? { ...current, printer: changed } : current,
      );
      // The dashboard's list too, so going back shows the same state.
      queryClient.setQueryData<FarmPrinter[]>(trpc.farm.list.queryKey(), (list) =>
        list?.map((p) => (p.id === printerId ? changed : p)),
      );
      if (
        !before ||
        before.printer.state !== changed.state ||
        before.printer.job?.name !== changed.job?.name
      ) {
        refresh();
      }
    },
  });
  return removed ? "removed" : stream;
}
