"use client";
// Which printer gets the print: every printer of the farm with its readiness in words; a printer
// that may not be given a print now is disabled and says why. A printer that cannot print the
// file's format is listed too: the compatibility check blocks it in words once it is chosen.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { printerKindLabel } from "@printernizer/printers/kinds";
import { StateBadge } from "@printernizer/ui/state-badge";
import { farmPrinterReadiness } from "./printer-readiness";

export function PrinterChoice({
  printers,
  value,
  onChange,
}: {
  printers: FarmPrinter[];
  value: string | null;
  onChange: (printerId: string) => void;
}) {
  if (printers.length === 0) return <p className="text-sm text-muted">No printer can print this file.</p>;
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 text-sm font-medium">Printer</legend>
      <ul className="max-h-56 space-y-1 overflow-y-auto" data-testid="printer-choice">
        {printers.map((printer) => {
          const readiness = farmPrinterReadiness(printer);
          const id = `start-printer-${printer.id}`;
          return (
            <li
              key={printer.id}
              data-printer-id={printer.id}
              data-ready={readiness.ready}
              className="flex items-start gap-2 rounded border border-slate-200 px-2 py-1.5 dark:border-slate-700"
            >
              <input
                id={id}
                type="radio"
                name="start-printer"
                className="mt-1 accent-sky-700"
                checked={value === printer.id}
                disabled={!readiness.ready}
                aria-describedby={readiness.ready ? undefined : `${id}-reason`}
                onChange={() => onChange(printer.id)}
              />
              <div className="min-w-0 flex-1">
                <label htmlFor={id} className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {printer.name}
                  <span className="text-xs font-normal text-muted">
                    {printerKindLabel(printer.kind)}
                    {printer.model ? ` ${printer.model}` : ""}
                  </span>
                  <StateBadge state={printer.state} />
                </label>
                {readiness.ready ? null : (
                  <p id={`${id}-reason`} className="text-xs text-slate-600 dark:text-slate-400">
                    {readiness.reason}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
