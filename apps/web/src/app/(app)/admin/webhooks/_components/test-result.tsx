"use client";
// What became of a "Send a test message": followed until the worker sent it or gave up.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

export interface PendingTest {
  channelId: string;
  channelName: string;
  deliveryId: string;
}

export function TestResult({ test }: { test: PendingTest }) {
  const trpc = useTRPC();
  const log = useQuery({
    ...trpc.webhook.deliveries.queryOptions({ webhookId: test.channelId, limit: 10 }),
    refetchInterval: (query) => {
      const found = query.state.data?.items.find((d) => d.id === test.deliveryId);
      return found && (found.status === "sent" || found.status === "failed") ? false : 1_000;
    },
  });
  const delivery = log.data?.items.find((d) => d.id === test.deliveryId);
  const answer =
    delivery?.responseStatus != null
      ? ` (${delivery.channelFormat === "email" ? "SMTP" : "HTTP"} ${delivery.responseStatus})`
      : "";
  let text = `Sending a test to ${test.channelName}…`;
  let tone = "text-muted";
  if (delivery?.status === "sent") {
    text = `Test message to ${test.channelName} delivered${answer}.`;
    tone = "text-emerald-700 dark:text-emerald-400";
  } else if (delivery?.status === "failed") {
    text = `Test message to ${test.channelName} failed: ${delivery.lastError ?? "unknown reason"}${answer}.`;
    tone = "text-red-700 dark:text-red-400";
  } else if (delivery?.status === "pending" && delivery.lastError) {
    text = `Test message to ${test.channelName} not delivered yet (${delivery.lastError}); retrying…`;
    tone = "text-amber-800 dark:text-amber-300";
  }
  return (
    <p
      role="status"
      data-testid="test-result"
      data-status={delivery?.status ?? "pending"}
      className={`text-sm font-medium ${tone}`}
    >
      {text}
    </p>
  );
}
