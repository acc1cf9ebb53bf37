"use client";
// What a person can do about a printer the worker cannot reach: "Reconnect now" (operators and
// admins; the worker drops its backoff and tries at once, and the outcome shows here), and, when
// the printer refused its login, a link for admins to enter new credentials. Used on the
// dashboard card and the printer page.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Reachability } from "@printernizer/farm/reachability";
import { Button, buttonClasses } from "@printernizer/ui/button";
import { errorMessage } from "~/app/_lib/trpc-error";
import {
  isFinished,
  useCommandProgress,
  type CommandProgress,
} from "~/app/(app)/printers/[id]/_components/use-command-progress";
import { useTRPC } from "~/trpc/react";

function outcome(progress: CommandProgress | undefined): { text: string; failed: boolean } {
  switch (progress?.status) {
    case undefined:
    case "pending":
      return { text: "Reconnecting: sent, waiting for the worker…", failed: false };
    case "claimed":
      return { text: "Reconnecting…", failed: false };
    case "done":
      return progress.reconnect?.connected === false
        ? {
            text: `Still not reachable${progress.reconnect.message ? `: ${progress.reconnect.message}` : "."}`,
            failed: true,
          }
        : { text: "Connected again.", failed: false };
    case "failed":
    case "expired":
      return { text: `Reconnect failed${progress.error ? `: ${progress.error}` : "."}`, failed: true };
  }
}

export function PrinterReachabilityActions({
  printer,
  reachability,
  canControl,
  isAdmin,
}: {
  printer: { id: string; name: string };
  reachability: Reachability;
  canControl: boolean;
  isAdmin: boolean;
}) {
  const trpc = useTRPC();
  const [commandId, setCommandId] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const progress = useCommandProgress(commandId);
  const send = useMutation(
    trpc.printer.command.mutationOptions({
      onMutate: () => {
        setCommandId(null);
        setRefused(null);
      },
      onSuccess: ({ commandId }) => setCommandId(commandId),
      onError: (error) => setRefused(errorMessage(error)),
    }),
  );
  const inFlight = send.isPending || (!!commandId && !isFinished(progress));
  const shown = commandId ? outcome(progress) : null;
  const credentials = reachability.status === "credentials";

  return (
    <div className="flex w-full flex-wrap items-center gap-2" data-testid="printer-reachability-actions">
      {canControl ? (
        <Button
          variant="secondary"
          disabled={inFlight}
          aria-label={`Reconnect ${printer.name} now`}
          onClick={() => send.mutate({ printerId: printer.id, kind: "reconnect" })}
        >
          {inFlight ? "Reconnecting…" : "Reconnect now"}
        </Button>
      ) : null}
      {credentials && isAdmin ? (
        <Link
          href={`/admin/printers?edit=${encodeURIComponent(printer.id)}`}
          className={buttonClasses("primary")}
          aria-label={`Edit the credentials of ${printer.name}`}
        >
          Edit credentials
        </Link>
      ) : null}
      {credentials && !isAdmin ? (
        <span className="text-xs text-slate-600 dark:text-slate-300">
          An admin can enter new credentials under Admin → Printers.
        </span>
      ) : null}
      {shown ? (
        <p
          role="status"
          data-testid="reconnect-progress"
          data-status={progress?.status ?? "pending"}
          className={`w-full text-xs ${shown.failed ? "text-red-700 dark:text-red-300" : "text-slate-700 dark:text-slate-200"}`}
        >
          {shown.text}
        </p>
      ) : null}
      {refused ? (
        <p role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {refused}
        </p>
      ) : null}
    </div>
  );
}
