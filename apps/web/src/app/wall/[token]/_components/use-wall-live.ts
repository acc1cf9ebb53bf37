"use client";
// The wall's data: `wall.list` once, then the `wall.updates` stream applied to it (at most once
// per animation frame, as the dashboard does). A stream that fails is started again after 2 s
// and the list fetched again; when the list answers that the link is no longer valid (revoked),
// the wall stops and says so.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { TRPCClientError } from "@trpc/client";
import { useEffect, useRef } from "react";
import { applyWallDeltas, type WallDeltaMessage } from "@printernizer/farm/live/wall-rows";
import { createFrameBatch, type FrameBatch } from "~/app/_lib/frame-batch";
import { useTRPC } from "~/trpc/react";

export type WallLive =
  | { status: "loading" }
  | { status: "refused"; message: string }
  | {
      status: "ready";
      name: string;
      printers: NonNullable<ReturnType<typeof useWallList>["data"]>["printers"];
      live: boolean;
    };

function refusal(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const code = (error.data as { code?: string } | undefined)?.code;
  return code === "UNAUTHORIZED" || code === "TOO_MANY_REQUESTS" ? error.message : null;
}

function useWallList(token: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.wall.list.queryOptions({ token }),
    retry: (count, error) => !refusal(error) && count < 3,
    refetchOnWindowFocus: false,
  });
}

export function useWallLive(token: string): WallLive {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useWallList(token);
  const refused = refusal(list.error);
  const batch = useRef<FrameBatch<WallDeltaMessage> | null>(null);
  useEffect(() => {
    const created = createFrameBatch<WallDeltaMessage>((messages) =>
      queryClient.setQueryData(trpc.wall.list.queryKey({ token }), (current) =>
        current ? { ...current, printers: applyWallDeltas(current.printers, messages) } : current,
      ),
    );
    batch.current = created;
    return () => created.cancel();
  }, [queryClient, trpc, token]);
  const subscription = useSubscription(
    trpc.wall.updates.subscriptionOptions(
      { token },
      { enabled: !refused, onData: (event) => batch.current?.push(event.data) },
    ),
  );
  const { status, reset } = subscription;
  const { refetch } = list;
  useEffect(() => {
    if (status === "pending") void refetch(); // (re)connected: whatever changed meanwhile
    if (status !== "error" || refused) return;
    void refetch(); // says whether the link was revoked
    const timer = setTimeout(reset, 2_000);
    return () => clearTimeout(timer);
  }, [status, reset, refetch, refused]);
  if (refused) return { status: "refused", message: refused };
  if (!list.data) return { status: "loading" };
  return { status: "ready", name: list.data.name, printers: list.data.printers, live: status === "pending" };
}
