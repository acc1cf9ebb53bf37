"use client";

// Keeps the farm list in the TanStack Query cache current: the SSE stream delivers the
// printers that changed and this patches just those rows.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import type { FarmPrinter } from "@printernizer/api";
import { useTRPC } from "~/trpc/react";

export type LiveState = "connecting" | "live" | "reconnecting";

export function useFarmLive(): LiveState {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.farm.list.queryKey();
  const subscription = useSubscription(
    trpc.farm.updates.subscriptionOptions(undefined, {
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
    }),
  );
  // EventSource retries a dropped connection by itself (and the stream resumes from the last
  // event id). When the server ends the stream (a web instance shutting down) or the browser
  // gives up (an error answer while it restarts), start over every few seconds until it is back.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== "error" && status !== "idle") return;
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, reset]);
  // Back after an outage: refetch the list once, so whatever the stream could not replay is there too.
  const wasLive = useRef(false);
  const wasDown = useRef(false);
  useEffect(() => {
    if (status === "pending") {
      if (wasLive.current && wasDown.current) void queryClient.invalidateQueries({ queryKey: listKey });
      wasLive.current = true;
      wasDown.current = false;
    } else if (wasLive.current) {
      wasDown.current = true;
    }
  }, [status, queryClient, listKey]);
  if (status === "pending") return "live";
  return status === "connecting" && subscription.data === undefined && !subscription.error ? "connecting" : "reconnecting";
}
