"use client";
// On every page: printers in error, refusing the login, or offline for longer than the grace
// (PRINTERNIZER_OFFLINE_GRACE_SECONDS), counted by reason, with a link to the connection health
// view. Starts from the server's answer and refreshes itself.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@printernizer/api";
import { continueSentence } from "@printernizer/ui/format";
import { ClockTime } from "@printernizer/ui/offline-notice";
import { useClientNow } from "~/app/_lib/use-now";
import { useTRPC } from "~/trpc/react";

type FarmAlert = RouterOutputs["events"]["alerts"][number];
type Reason = FarmAlert["reason"];

const reasonWords: Record<Reason, (n: number) => string> = {
  offline: (n) => `${n} offline`,
  authentication: (n) => `${n} ${n === 1 ? "needs" : "need"} new credentials`,
  error: (n) => `${n} in error`,
};

function OneAlert({ alert, now }: { alert: FarmAlert; now: Date | null }) {
  if (alert.reason === "offline") {
    return (
      <>
        <strong className="font-semibold">{alert.printerName}</strong> is offline
        {alert.since ? (
          <>
            {" "}
            since <ClockTime date={alert.since} now={now} />
          </>
        ) : null}{" "}
        — {continueSentence(alert.message)}
      </>
    );
  }
  if (alert.reason === "authentication") {
    return (
      <>
        <strong className="font-semibold">{alert.printerName}</strong> needs new credentials —{" "}
        {continueSentence(alert.message)}
      </>
    );
  }
  return (
    <>
      <strong className="font-semibold">{alert.printerName}</strong>: {alert.message}
    </>
  );
}

export function FarmAlertBanner({ initial }: { initial: FarmAlert[] }) {
  const trpc = useTRPC();
  const now = useClientNow(30_000);
  const { data: alerts = initial } = useQuery({
    ...trpc.events.alerts.queryOptions(),
    initialData: initial,
    refetchInterval: 10_000,
  });
  if (alerts.length === 0) return null;
  const counts = (["offline", "authentication", "error"] as const)
    .map((reason) => ({ reason, n: alerts.filter((a) => a.reason === reason).length }))
    .filter(({ n }) => n > 0);
  return (
    <div
      role="alert"
      data-testid="farm-alert-banner"
      className="border-b border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
        <span className="min-w-0 break-words">
          {alerts.length === 1 ? (
            <OneAlert alert={alerts[0]!} now={now} />
          ) : (
            <>
              <strong className="font-semibold">{alerts.length} printers need attention</strong> (
              <span data-testid="farm-alert-counts">
                {counts.map(({ reason, n }) => reasonWords[reason](n)).join(", ")}
              </span>
              ): {alerts.map((a) => a.printerName).join(", ")}
            </>
          )}
        </span>
        <Link href="/events#health" className="font-medium underline underline-offset-2">
          See connection health
        </Link>
      </div>
    </div>
  );
}
