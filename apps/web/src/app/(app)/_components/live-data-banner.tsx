"use client";
// On every page: the live data is stale because the worker's writes are stuck, or because
// no worker is running, with what to do next. Starts from the server's answer and refreshes itself.
import { useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@printernizer/api";
import { useTRPC } from "~/trpc/react";

type LiveData = RouterOutputs["worker"]["liveData"];

export function LiveDataBanner({ initial }: { initial: LiveData }) {
  const trpc = useTRPC();
  const { data = initial } = useQuery({
    ...trpc.worker.liveData.queryOptions(),
    initialData: initial,
    refetchInterval: 5_000,
  });
  if (!data.stale) return null;
  const since = data.since ? (
    <>
      {" "}
      since{" "}
      <time dateTime={new Date(data.since).toISOString()} suppressHydrationWarning>
        {new Date(data.since).toLocaleString()}
      </time>
    </>
  ) : null;
  const next =
    data.problem === "writes_stalled"
      ? `The worker${data.workers.length > 1 ? "s" : ""} (${data.workers.map((w) => w.hostname).join(", ")}) cannot save printer updates to the database. Check the worker's log and its /health endpoint (port 4001 by default) for the reason.`
      : "No worker is running, so nothing reads the printers. Check the worker's log; under npm start the launcher restarts it.";
  return (
    <div
      role="alert"
      data-testid="live-data-banner"
      className="border-b border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <strong className="font-semibold">Live data is stale{since}.</strong> {next}
      </div>
    </div>
  );
}
