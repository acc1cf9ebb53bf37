"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Card, EmptyState } from "@printernizer/ui/card";
import { useInBrowser } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";

export function WorkerList() {
  const trpc = useTRPC();
  const { data: workers } = useSuspenseQuery({ ...trpc.worker.list.queryOptions(), refetchInterval: 5_000 });
  const inBrowser = useInBrowser();
  if (workers.length === 0) {
    return (
      <EmptyState title="No worker is running">
        The worker process connects to the printers. Start Printernizer with the start command in the README.
      </EmptyState>
    );
  }
  return (
    <ul className="space-y-2" data-testid="worker-list">
      {workers.map((worker) => (
        <li key={worker.id} data-testid="worker" data-alive={worker.alive}>
          <Card>
            <div className="flex items-center justify-between gap-2">
              <span className="truncate font-mono text-sm">
                {worker.hostname} (pid {worker.pid})
              </span>
              <span className={worker.alive ? "text-sm font-medium text-positive" : "text-sm text-muted"}>
                {worker.alive ? "alive" : "gone"}
              </span>
            </div>
            <div className="text-xs text-muted">
              last heartbeat{" "}
              <time dateTime={worker.lastHeartbeat.toISOString()}>
                {inBrowser ? worker.lastHeartbeat.toLocaleTimeString() : ""}
              </time>
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
