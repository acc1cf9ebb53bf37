"use client";
// A print start on its way to the printer, live: the step, a progress bar with bytes, rate and
// time left while the file uploads, then "Printing" or the failure in the printer's words.
// Follows the start_print command (command.get, polled every second until it finishes).
import { useQuery } from "@tanstack/react-query";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { useTRPC } from "~/trpc/react";
import { stepLine, uploadLine, uploadPercent } from "./start-progress-words";

const finished = new Set(["done", "failed", "expired"]);

export function useStartCommand(commandId: string | null) {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.command.get.queryOptions({ commandId: commandId ?? "" }),
    enabled: !!commandId,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && finished.has(query.state.data.status) ? false : 1_000),
  });
  return commandId ? data : undefined;
}

export function StartProgress({ commandId, printerName }: { commandId: string; printerName: string }) {
  const command = useStartCommand(commandId);
  const status = command?.status ?? "pending";
  const detail = command?.progress ?? null;
  const percent = uploadPercent(detail);
  const line = detail ? uploadLine(detail) : null;
  const failed = status === "failed" || status === "expired";
  return (
    <div data-testid="start-progress" data-status={status} data-step={detail?.step} className="space-y-2">
      <p role="status" aria-live="polite" className="text-sm font-medium">
        {status === "done"
          ? `${printerName} accepted the print and is starting it.`
          : failed
            ? `The print was not started on ${printerName}.`
            : status === "pending"
              ? "Sent, waiting for the worker…"
              : detail
                ? stepLine(detail)
                : "The worker is preparing the upload…"}
      </p>
      {!failed && status !== "done" && percent !== null ? (
        <ProgressBar value={percent} label={`Upload to ${printerName}`} />
      ) : null}
      {!failed && status !== "done" && line ? (
        <p className="text-xs tabular-nums text-slate-600 dark:text-slate-300" data-testid="upload-line">
          {line}
        </p>
      ) : null}
      {failed && command?.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="start-error">
          {command.error}
        </p>
      ) : null}
    </div>
  );
}
