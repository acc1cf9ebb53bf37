"use client";
// The selection bar above the printers (operators and admins): how many printers are selected
// and the actions for them; each opens one confirmation (bulk-dialog.tsx). The plate shortcut
// ("Confirm all N plates cleared…") selects every printer waiting for its plate and opens the
// same confirmation: one way to confirm many plates, not two.
import { Button } from "@printernizer/ui/button";
import { actionLabels, bulkActions, type BulkAction } from "./bulk-plan";

export function BulkBar({
  count,
  onAction,
  onClear,
}: {
  count: number;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}) {
  if (count === 0) return null;
  return (
    <div
      role="region"
      aria-label="Selected printers"
      data-testid="bulk-bar"
      className="sticky top-0 z-20 flex flex-wrap items-center gap-2 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-800 dark:bg-sky-950"
    >
      <span className="font-medium" data-testid="bulk-count">
        {count === 1 ? "1 printer selected" : `${count} printers selected`}
      </span>
      {bulkActions.map((action) => (
        <Button
          key={action}
          variant="secondary"
          data-testid={`bulk-${action}`}
          onClick={() => onAction(action)}
        >
          {actionLabels[action]}…
        </Button>
      ))}
      <Button variant="ghost" onClick={onClear} data-testid="bulk-clear">
        Clear selection
      </Button>
    </div>
  );
}

export function PlateShortcut({ waiting, onClick }: { waiting: number; onClick: () => void }) {
  if (waiting < 2) return null;
  return (
    <Button variant="secondary" data-testid="bulk-plate-clear" onClick={onClick}>
      Confirm all {waiting} plates cleared…
    </Button>
  );
}
