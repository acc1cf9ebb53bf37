"use client";
// One confirmation for a bulk action: it lists what will happen to each selected printer
// ("E2E P1 — pause", "E2E P2 — skipped: …"), sends it to the printers it applies to, then shows
// each printer's result as it comes (done, refused or failed with the printer's or server's
// reason). "Send queued job" first asks which queue entry.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage, SelectField } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";
import {
  confirmLabel,
  dialogTitles,
  planFor,
  resultLines,
  type BulkAction,
  type PlanLine,
} from "./bulk-plan";
import { useBulkRun } from "./use-bulk-run";

const marks = { done: "✓", sent: "…", refused: "✕", failed: "✕", skipped: "–", removed: "✕" } as const;

export function BulkDialog({
  action,
  printers,
  onClose,
}: {
  /** Null while closed. */
  action: BulkAction | null;
  printers: FarmPrinter[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const run = useBulkRun();
  const [entryId, setEntryId] = useState("");
  const queue = useQuery(trpc.queue.list.queryOptions({}, { enabled: action === "send" }));
  const entries = (queue.data?.waiting ?? []).filter((e) => e.copiesStarted < e.copies);
  const entry = entries.find((e) => e.id === entryId) ?? entries[0];
  // the plan follows the live rows until confirmed, then stays as it was sent
  const [sent, setSent] = useState<PlanLine[] | null>(null);
  const plan = sent ?? (action ? planFor(action, printers, entry?.file.name) : []);
  const applies = plan.filter((l) => l.apply);
  const close = () => {
    run.reset();
    setEntryId("");
    setSent(null);
    onClose();
  };

  return (
    <Dialog open={action !== null} onClose={close} title={action ? dialogTitles[action] : ""} wide>
      {action && run.results ? (
        <div className="space-y-3">
          <ul className="max-h-96 space-y-1 overflow-y-auto text-sm" role="status" data-testid="bulk-results">
            {resultLines(plan, run.results, run.commands).map((r) => (
              <li key={r.printerId} data-printer-id={r.printerId} data-outcome={r.outcome}>
                <span aria-hidden="true">{marks[r.outcome]} </span>
                <span className="font-medium">{r.name}</span> — {r.text}
              </li>
            ))}
          </ul>
          <div className="flex justify-end">
            <Button onClick={close} autoFocus>
              Close
            </Button>
          </div>
        </div>
      ) : action ? (
        <div className="space-y-3">
          {action === "send" ? (
            entries.length ? (
              <SelectField
                label="Queue entry"
                value={entry?.id ?? ""}
                onChange={(e) => setEntryId(e.target.value)}
                options={entries.map((e) => ({
                  value: e.id,
                  label: `${e.file.name}${e.plate > 1 ? ` (plate ${e.plate})` : ""} — ${e.copies - e.copiesStarted} of ${e.copies} left`,
                }))}
                hint="One copy starts on each ready printer, checked as the queue checks it."
              />
            ) : (
              <FormMessage tone="info">
                {queue.isPending
                  ? "Reading the queue…"
                  : "The queue has no waiting entry. Add one on the Queue page."}
              </FormMessage>
            )
          ) : action === "plate" ? (
            <p className="text-sm">
              Only confirm plates you have cleared: the next print may start on these printers right away.
            </p>
          ) : null}
          <ul className="max-h-80 space-y-1 overflow-y-auto text-sm" data-testid="bulk-plan">
            {plan.map((line) => (
              <li
                key={line.printerId}
                data-printer-id={line.printerId}
                data-apply={line.apply}
                className={line.apply ? "" : "text-slate-600 dark:text-slate-300"}
              >
                <span className="font-medium">{line.name}</span> — {line.text}
              </li>
            ))}
          </ul>
          {run.error ? <FormMessage>{errorMessage(run.error)}</FormMessage> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={close} autoFocus>
              Go back
            </Button>
            <Button
              disabled={!applies.length || run.pending || (action === "send" && !entry)}
              onClick={() => {
                setSent(plan);
                run.run(
                  action,
                  applies.map((l) => l.printerId),
                  entry?.id,
                );
              }}
            >
              {run.pending ? "Sending…" : confirmLabel(action, applies.length)}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
