"use client";

// Follows a command row until the worker finishes it: sent → on the printer → done or
// failed (with the printer's reason) or expired.
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import { useTRPC } from "~/trpc/react";

export type CommandProgress = RouterOutputs["command"]["get"];
const finished = new Set(["done", "failed", "expired"]);

export function isFinished(progress: CommandProgress | undefined): boolean {
  return !!progress && finished.has(progress.status);
}

export function useCommandProgress(commandId: string | null): CommandProgress | undefined {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.command.get.queryOptions({ commandId: commandId ?? "" }),
    enabled: !!commandId,
    staleTime: 0,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 500),
  });
  return commandId ? data : undefined;
}

export const progressLabels: Record<CommandProgress["status"], string> = {
  pending: "Sent, waiting for the worker…",
  claimed: "On its way to the printer…",
  done: "Done",
  failed: "Failed",
  expired: "Not sent",
};
