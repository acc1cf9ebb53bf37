"use client";
// A printer's selection checkbox (cards and table rows). React reports a checkbox's change from
// its click, so the click's shift key is there: shift-click selects a range.
import type { ReactNode } from "react";

export type OnSelect = (printerId: string, shift: boolean) => void;

export function SelectBox({
  printerId,
  name,
  checked,
  onSelect,
}: {
  printerId: string;
  name: string;
  checked: boolean;
  onSelect: OnSelect;
}) {
  return (
    <input
      type="checkbox"
      data-testid="select-printer"
      aria-label={`Select ${name}`}
      className="mt-0.5 h-4 w-4 shrink-0 accent-sky-700"
      checked={checked}
      onChange={(e) => onSelect(printerId, (e.nativeEvent as MouseEvent).shiftKey === true)}
    />
  );
}

/** A group's heading with its count and "Select all in this group" (when selecting is allowed). */
export function GroupHeading({
  label,
  count,
  allSelected,
  onSelectGroup,
}: {
  label: string;
  count: number;
  allSelected: boolean;
  onSelectGroup: (() => void) | null;
}): ReactNode {
  return (
    <>
      <span className="font-semibold">{label}</span>
      <span className="text-muted" data-testid="group-count">
        {count === 1 ? "1 printer" : `${count} printers`}
      </span>
      {onSelectGroup ? (
        <button
          type="button"
          data-testid="select-group"
          aria-label={`${allSelected ? "Unselect" : "Select"} all in ${label}`}
          onClick={onSelectGroup}
          className="rounded px-1 text-sky-800 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-300"
        >
          {allSelected ? "Unselect this group" : "Select all in this group"}
        </button>
      ) : null}
    </>
  );
}
