"use client";
// One print start of a queue entry: the printer, where the start is, why the dispatcher chose
// that printer, and while the file goes to the printer the upload's bytes, rate and time left
// (the start_print command's progress, polled every second until it is over).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@printernizer/api";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { LocalTime } from "~/app/_lib/local-time";
import { useTRPC } from "~/trpc/react";
import { stepLine, uploadLine, uploadPercent } from "../../_components/start-print/start-progress-words";

export type QueueStart = RouterOutputs["queue"]["list"]["waiting"][number]["starts"][number];

const statusWords: Record<QueueStart["status"], string> = {
  pending: "waiting for the worker",
  uploading: "uploading",
  starting: "starting",
  started: "started",
  failed: "failed",
};

const outcomeWords = {
  completed: "print completed",
  failed: "print failed",
  cancelled: "print cancelled",
  unknown: "print ended, how is not known",
} as const;

function jobWords(job: NonNullable<QueueStart["job"]>): string {
  if (job.outcome) return outcomeWords[job.outcome];
  return job.progress !== null && job.progress !== undefined
    ? `printing, ${Math.floor(job.progress)} %`
    : "printing";
}

export function QueueStartLine({ start }: { start: QueueStart }) {
  const inFlight = start.status === "pending" || start.status === "uploading" || start.status === "starting";
  return (
    <li className="space-y-0.5 py-1 text-sm" data-testid="queue-start" data-status={start.status}>
      <p className="flex flex-wrap gap-x-2">
        <Link
          href={`/printers/${start.printerId}`}
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          {start.printerName}
        </Link>
        <span>
          {start.status === "started" && start.job ? jobWords(start.job) : statusWords[start.status]}
        </span>
        <span className="text-muted">
          <LocalTime date={start.createdAt} format="time" />
        </span>
      </p>
      {start.reason ? (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="queue-start-reason">
          {start.reason}
        </p>
      ) : null}
      {start.error ? (
        <p className="text-xs text-red-700 dark:text-red-400" data-testid="queue-start-error">
          Not started: {start.error}
        </p>
      ) : null}
      {inFlight && start.commandId ? (
        <StartUpload commandId={start.commandId} printerName={start.printerName} />
      ) : null}
    </li>
  );
}

const finished = new Set(["done", "failed", "expired"]);

function StartUpload({ commandId, printerName }: { commandId: string; printerName: string }) {
  const trpc = useTRPC();
  const { data: command } = useQuery({
    ...trpc.command.get.queryOptions({ commandId }),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && finished.has(query.state.data.status) ? false : 1_000),
  });
  const detail = command?.progress ?? null;
  if (!detail) return null;
  const percent = uploadPercent(detail);
  const line = uploadLine(detail);
  return (
    <div className="max-w-md space-y-1" data-testid="queue-upload" data-step={detail.step}>
      <p className="text-xs">{stepLine(detail)}</p>
      {percent !== null ? <ProgressBar value={percent} label={`Upload to ${printerName}`} /> : null}
      {line ? <p className="text-xs tabular-nums text-slate-600 dark:text-slate-300">{line}</p> : null}
    </div>
  );
}
