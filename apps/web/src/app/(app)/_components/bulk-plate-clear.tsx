"use client";
// Many printers finished at once: "Confirm all N plates cleared" lists every printer waiting
// for its plate (each can be unticked), confirms them in one call and shows the result per
// printer (a printer that started something meanwhile, or was removed, says so).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { Button } from "@printernizer/ui/button";
import { Dialog } from "@printernizer/ui/dialog";
import { FormMessage } from "@printernizer/ui/form-field";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

type Result = { printerId: string; cleared: boolean; message?: string };

export function BulkPlateClear({ printers }: { printers: FarmPrinter[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const waiting = printers.filter((p) => p.awaitingPlateClearSince && p.state !== "disabled");
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Result[] | null>(null);
  const confirm = useMutation(
    trpc.printer.confirmPlateCleared.mutationOptions({
      onSuccess: ({ results }) => {
        setResults(results);
        void queryClient.invalidateQueries(trpc.farm.list.queryFilter());
      },
    }),
  );
  if (waiting.length < 2 && !open) return null;
  const names = new Map(printers.map((p) => [p.id, p.name]));
  const close = () => {
    setOpen(false);
    setResults(null);
    confirm.reset();
  };

  return (
    <>
      <Button
        variant="secondary"
        data-testid="bulk-plate-clear"
        onClick={() => {
          setChosen(new Set(waiting.map((p) => p.id)));
          setOpen(true);
        }}
      >
        Confirm all {waiting.length} plates cleared…
      </Button>
      <Dialog open={open} onClose={close} title="Confirm plates cleared">
        {results ? (
          <div className="space-y-3">
            <ul className="space-y-1 text-sm" role="status" data-testid="bulk-plate-results">
              {results.map((r) => (
                <li key={r.printerId} data-printer-id={r.printerId} data-cleared={r.cleared}>
                  {r.cleared ? "✓" : "✕"} {names.get(r.printerId) ?? r.printerId}
                  {r.cleared ? ": plate cleared" : `: ${r.message ?? "not cleared"}`}
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button onClick={close} autoFocus>
                Close
              </Button>
            </div>
          </div>
        ) : (
          <div className="space-y-3">
            <p className="text-sm">
              Only confirm plates you have cleared: the next print may start on these printers right away.
            </p>
            <fieldset>
              <legend className="sr-only">Printers waiting for the plate to be cleared</legend>
              <ul className="max-h-72 space-y-1 overflow-y-auto text-sm">
                {waiting.map((p) => (
                  <li key={p.id} className="flex items-center gap-2">
                    <input
                      id={`bulk-plate-${p.id}`}
                      type="checkbox"
                      className="h-4 w-4 accent-sky-700"
                      checked={chosen.has(p.id)}
                      onChange={(event) => {
                        const next = new Set(chosen);
                        if (event.target.checked) next.add(p.id);
                        else next.delete(p.id);
                        setChosen(next);
                      }}
                    />
                    <label htmlFor={`bulk-plate-${p.id}`}>{p.name}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            {confirm.error ? <FormMessage>{errorMessage(confirm.error)}</FormMessage> : null}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close} autoFocus>
                Cancel
              </Button>
              <Button
                disabled={chosen.size === 0 || confirm.isPending}
                onClick={() => confirm.mutate({ printerIds: [...chosen] })}
              >
                {confirm.isPending
                  ? "Confirming…"
                  : chosen.size === 1
                    ? "Confirm 1 plate cleared"
                    : `Confirm ${chosen.size} plates cleared`}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
