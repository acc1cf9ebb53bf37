"use client";
// The one live stream of a page (tRPC subscription over SSE, fed by the worker's NOTIFY).
// It stays up: EventSource retries a dropped connection itself and resumes from the last
// event id; when the server ends the stream (a web instance shutting down) or the browser
// gives up, it starts over every few seconds. Each time it is (re)established, `onLive` runs,
// so the page refetches what changed while it was not listening: between the page's first
// fetch and the stream's start, or during an outage.
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef } from "react";
import type { RouterOutputs } from "@printernizer/api";
import { useTRPC } from "~/trpc/react";

export type FarmStreamMessage = RouterOutputs["farm"]["updates"] extends AsyncIterable<infer M> ? M : never;
export type StreamState = "connecting" | "live" | "reconnecting";

export function useFarmStream({
  onData,
  onLive,
}: {
  onData: (message: { data: FarmStreamMessage["data"] }) => void;
  onLive: () => void;
}): StreamState {
  const trpc = useTRPC();
  const onLiveRef = useRef(onLive);
  onLiveRef.current = onLive;
  const subscription = useSubscription(trpc.farm.updates.subscriptionOptions(undefined, { onData }));
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== "error" && status !== "idle") return;
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, reset]);
  const wasLive = useRef(false);
  useEffect(() => {
    if (status === "pending") onLiveRef.current();
    if (status === "pending") wasLive.current = true;
  }, [status]);
  if (status === "pending") return "live";
  return wasLive.current ? "reconnecting" : "connecting";
}
