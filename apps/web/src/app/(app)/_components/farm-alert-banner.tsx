"use client";
// On every page: printers in error or refusing the login, with a link to the connection
// health view. Starts from the server's answer and refreshes itself.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@printernizer/api";
import { useTRPC } from "~/trpc/react";

type FarmAlert = RouterOutputs["events"]["alerts"][number];

export function FarmAlertBanner({ initial }: { initial: FarmAlert[] }) {
  const trpc = useTRPC();
  const { data: alerts = initial } = useQuery({
    ...trpc.events.alerts.queryOptions(),
    initialData: initial,
    refetchInterval: 10_000,
  });
  if (alerts.length === 0) return null;
  const authFailures = alerts.filter((a) => a.reason === "authentication").length;
  const summary =
    alerts.length === 1
      ? `${alerts[0]?.printerName} ${alerts[0]?.message}`
      : `${alerts.length} printers need attention${authFailures ? ` (${authFailures} refusing the login)` : ""}: ${alerts.map((a) => a.printerName).join(", ")}`;
  return (
    <div
      role="alert"
      data-testid="farm-alert-banner"
      className="border-b border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
        <span>{summary}</span>
        <Link href="/events#health" className="font-medium underline underline-offset-2">
          See connection health
        </Link>
      </div>
    </div>
  );
}
