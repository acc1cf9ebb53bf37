"use client";
// The printer page's print starts: the running or last start with its live progress (step,
// bytes, rate, time left) or how it ended, "Print again" for it, "Start a print" (choose a
// library file, then the start dialog with this printer fixed), and "Plate cleared" while the
// last print waits on the plate. Controls for operators and admins only.
import { useQuery } from "@tanstack/react-query";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { Card } from "@printernizer/ui/card";
import { formatAgo } from "@printernizer/ui/format";
import { PlateNotice } from "@printernizer/ui/plate-notice";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { useTRPC } from "~/trpc/react";
import { PlateClearedButton } from "~/app/(app)/_components/plate-cleared-button";
import { StartFromPrinterButton } from "~/app/(app)/_components/start-print/start-from-printer";
import { PrintAgainButton } from "~/app/(app)/_components/start-print/print-again-button";
import {
  stepLine,
  uploadLine,
  uploadPercent,
} from "~/app/(app)/_components/start-print/start-progress-words";

const inFlight = new Set(["pending", "uploading", "starting"]);
const statusWords: Record<string, string> = {
  pending: "Waiting for the worker",
  uploading: "Uploading",
  starting: "Starting",
  started: "Started",
  failed: "Not started",
};

export function PrinterStartPanel({
  printer,
  canControl,
  now,
}: {
  printer: FarmPrinter;
  canControl: boolean;
  /** null until the page runs in the browser. */
  now: Date | null;
}) {
  const trpc = useTRPC();
  const starts = useQuery({
    ...trpc.print.starts.queryOptions({ printerId: printer.id, limit: 1 }),
    refetchInterval: (query) => (query.state.data?.some((s) => inFlight.has(s.status)) ? 1_000 : 5_000),
  });
  const last = starts.data?.[0];
  const running = last && inFlight.has(last.status);
  const detail = running ? last.progress : null;
  const percent = uploadPercent(detail);
  const line = detail ? uploadLine(detail) : null;
  const waitingSince = printer.awaitingPlateClearSince;

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">Print starts</h2>
        {canControl ? <StartFromPrinterButton printerId={printer.id} /> : null}
      </div>
      {waitingSince ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <PlateNotice since={waitingSince} now={now} className="text-sm" />
          {canControl ? <PlateClearedButton printer={printer} /> : null}
        </div>
      ) : null}
      {last ? (
        <div className="mt-2 space-y-1.5" data-testid="last-start" data-status={last.status}>
          <p className="text-sm">
            <strong>{last.fileName}</strong>
            {last.plate > 1 ? `, plate ${last.plate}` : ""} —{" "}
            <span role="status" aria-live="polite">
              {statusWords[last.status] ?? last.status}
              {detail ? `: ${stepLine(detail)}` : ""}
            </span>
            {now ? (
              <span className="text-xs text-muted"> · requested {formatAgo(last.createdAt, now)}</span>
            ) : null}
          </p>
          {percent !== null ? <ProgressBar value={percent} label={`Upload to ${printer.name}`} /> : null}
          {line ? (
            <p className="text-xs tabular-nums text-slate-600 dark:text-slate-300" data-testid="upload-line">
              {line}
            </p>
          ) : null}
          {last.status === "failed" && last.error ? (
            <p className="text-sm text-red-700 dark:text-red-400" data-testid="start-error">
              {last.error}
            </p>
          ) : null}
          {canControl && !running && last.libraryFileId ? (
            <PrintAgainButton
              start={{ libraryFileId: last.libraryFileId, plate: last.plate, options: last.options }}
              printerId={printer.id}
              jobName={last.fileName}
            />
          ) : null}
        </div>
      ) : starts.isPending ? null : (
        <p className="mt-2 text-sm text-muted">No print was started on this printer from Printernizer yet.</p>
      )}
    </Card>
  );
}
