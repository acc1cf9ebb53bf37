"use client";
// Runs a bulk action once confirmed and follows what it sent: one mutation for the action kind,
// then `bulk.progress` once a second until every command is done, failed or expired.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "~/trpc/react";
import type { BulkAction, CommandState, ServerResult } from "./bulk-plan";

const finished = new Set(["done", "failed", "expired"]);

export function useBulkRun() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [results, setResults] = useState<ServerResult[] | null>(null);
  const onSuccess = ({ results }: { results: ServerResult[] }) => {
    setResults(results);
    void queryClient.invalidateQueries(trpc.farm.list.queryFilter());
    // the copies a send started (a second "Send queued job" must not offer them again)
    void queryClient.invalidateQueries({ queryKey: trpc.queue.list.queryKey() });
  };
  const pause = useMutation(trpc.bulk.pause.mutationOptions({ onSuccess }));
  const resume = useMutation(trpc.bulk.resume.mutationOptions({ onSuccess }));
  const cancel = useMutation(trpc.bulk.cancel.mutationOptions({ onSuccess }));
  const send = useMutation(trpc.bulk.sendQueued.mutationOptions({ onSuccess }));
  const plate = useMutation(
    trpc.printer.confirmPlateCleared.mutationOptions({
      onSuccess: ({ results }) =>
        onSuccess({
          results: results.map((r) => ({
            printerId: r.printerId,
            name: r.name,
            outcome: r.name === null ? "removed" : r.cleared ? "sent" : "refused",
            message: r.message,
          })),
        }),
    }),
  );
  const mutations = { pause, resume, cancel, plate, send };

  const commandIds = useMemo(
    () => (results ?? []).flatMap((r) => (r.commandId ? [r.commandId] : [])),
    [results],
  );
  const progress = useQuery(
    trpc.bulk.progress.queryOptions(
      { commandIds },
      {
        enabled: commandIds.length > 0,
        refetchInterval: (query) =>
          query.state.data && query.state.data.every((c) => finished.has(c.status)) ? false : 1_000,
      },
    ),
  );
  const commands = useMemo(
    () => new Map<string, CommandState>((progress.data ?? []).map((c) => [c.id, c])),
    [progress.data],
  );

  return {
    results,
    commands,
    pending: Object.values(mutations).some((m) => m.isPending),
    error: Object.values(mutations).find((m) => m.error)?.error ?? null,
    run(action: BulkAction, printerIds: string[], queueEntryId?: string) {
      if (action === "send") send.mutate({ printerIds, queueEntryId: queueEntryId! });
      else if (action === "plate") plate.mutate({ printerIds });
      else mutations[action].mutate({ printerIds });
    },
    reset() {
      setResults(null);
      for (const m of Object.values(mutations)) m.reset();
    },
  };
}
