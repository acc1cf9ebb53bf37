"use client";

// Pause / resume / cancel for operators, those the printer's kind can do (its capabilities): each
// asks for confirmation, is enabled only in a state that allows it, and shows the command's way to the printer and its outcome.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import type { PrinterCapabilities } from "@printernizer/printers/kinds";
import { allowedControls, controlRefusal, type ControlKind } from "@printernizer/farm/control-rules";
import { Button, type ButtonVariant } from "@printernizer/ui/button";
import { ConfirmDialog } from "@printernizer/ui/confirm-dialog";
import { useTRPC } from "~/trpc/react";
import { isFinished, progressLabels, useCommandProgress } from "./use-command-progress";

const controls: Record<
  ControlKind,
  { label: string; title: string; consequence: string; variant: ButtonVariant }
> = {
  pause: {
    label: "Pause",
    title: "Pause this print?",
    consequence: "The printer parks the nozzle and waits. You can resume the print later.",
    variant: "secondary",
  },
  resume: {
    label: "Resume",
    title: "Resume this print?",
    consequence: "The printer heats up again and continues where it stopped.",
    variant: "primary",
  },
  cancel: {
    label: "Cancel print",
    title: "Cancel this print?",
    consequence: "The print stops for good and cannot be resumed.",
    variant: "danger",
  },
};

export function PrinterControls({
  printer,
  capabilities,
}: {
  printer: FarmPrinter;
  capabilities: PrinterCapabilities;
}) {
  const trpc = useTRPC();
  const [asking, setAsking] = useState<ControlKind | null>(null);
  const [sent, setSent] = useState<{ kind: ControlKind; commandId: string } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const progress = useCommandProgress(sent?.commandId ?? null);
  const send = useMutation(
    trpc.printer.command.mutationOptions({
      onMutate: () => setSent(null),
      onSuccess: ({ commandId }, { kind }) => {
        // "reconnect" goes through the same procedure but has its own button (PrinterReachabilityActions)
        if (kind !== "reconnect") setSent({ kind, commandId });
        setRefused(null);
        setAsking(null);
      },
      onError: (error) => {
        setRefused(error.message);
        setAsking(null);
      },
    }),
  );
  // A refusal explains the state it was given in; once the state moves on it is stale.
  useEffect(() => setRefused(null), [printer.state]);
  const allowed = allowedControls(printer);
  const inFlight = !!sent && !isFinished(progress);
  const offered = (Object.keys(controls) as ControlKind[]).filter((kind) => capabilities[kind]);
  if (offered.length === 0) return null;

  return (
    <section aria-labelledby="controls-heading" className="space-y-2">
      <h2 id="controls-heading" className="sr-only">
        Controls
      </h2>
      <div className="flex flex-wrap gap-2">
        {offered.map((kind) => (
          <Button
            key={kind}
            variant={controls[kind].variant}
            disabled={!allowed.includes(kind) || inFlight || send.isPending}
            title={controlRefusal(printer, kind) ?? undefined}
            onClick={() => setAsking(kind)}
          >
            {controls[kind].label}
          </Button>
        ))}
      </div>
      {sent ? (
        <p
          role="status"
          data-testid="command-progress"
          data-status={progress?.status ?? "pending"}
          className="text-sm"
        >
          {controls[sent.kind].label}: {progressLabels[progress?.status ?? "pending"]}
          {progress?.error ? (
            <span className="text-red-700 dark:text-red-400"> — {progress.error}</span>
          ) : null}
        </p>
      ) : null}
      {refused ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {refused}
        </p>
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? controls[asking].title : ""}
        confirmLabel={asking ? controls[asking].label : ""}
        variant={asking ? controls[asking].variant : "primary"}
        busy={send.isPending}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && send.mutate({ printerId: printer.id, kind: asking })}
      >
        <p>
          {asking ? controls[asking].consequence : null} Printer: <strong>{printer.name}</strong>
          {printer.job ? (
            <>
              , job <strong>{printer.job.name}</strong>
            </>
          ) : null}
          .
        </p>
      </ConfirmDialog>
    </section>
  );
}
