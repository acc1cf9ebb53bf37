"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { Card, EmptyState } from "@printernizer/ui/card";
import { useTRPC } from "~/trpc/react";

export function PrinterList() {
  const trpc = useTRPC();
  const { data: printers } = useSuspenseQuery(trpc.printer.list.queryOptions());
  if (printers.length === 0) {
    return (
      <EmptyState title="No printers yet">
        Printernizer talks to Bambu Lab printers (LAN mode, access code from the printer&apos;s screen) and Prusa printers with
        PrusaLink (password or API key from the printer&apos;s network settings). An administrator adds them under Admin → Printers.
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2" data-testid="printer-list">
      {printers.map((printer) => (
        <li key={printer.id}>
          <Card>
            <div className="font-medium">{printer.name}</div>
            <div className="text-sm text-slate-500 dark:text-slate-400">
              {printer.kind === "bambu" ? "Bambu Lab" : "Prusa"} {printer.model ?? ""} · {printer.host}
              {printer.enabled ? "" : " · disabled"}
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}
