"use client";
// The fields the jobs and events filters share: which printer, which days, and "Clear filters".
import { useQuery } from "@tanstack/react-query";
import { Button } from "@printernizer/ui/button";
import { SelectField, TextField } from "@printernizer/ui/form-field";
import { useTRPC } from "~/trpc/react";

/** "All printers" or one printer of the farm (the list shares the dashboard's cached `farm.list`). */
export function PrinterFilterField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  const trpc = useTRPC();
  const printers = useQuery(trpc.farm.list.queryOptions());
  return (
    <SelectField
      label="Printer"
      value={value}
      options={[
        { value: "", label: "All printers" },
        ...(printers.data ?? []).map((p) => ({ value: p.id, label: p.name })),
      ]}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Two date inputs that keep "from" on or before "until". */
export function DayRangeFields({
  labels,
  from,
  to,
  onChange,
}: {
  labels: { from: string; to: string };
  from: string;
  to: string;
  onChange: (key: "from" | "to", value: string) => void;
}) {
  return (
    <>
      <TextField
        label={labels.from}
        type="date"
        value={from}
        max={to || undefined}
        onChange={(e) => onChange("from", e.target.value)}
      />
      <TextField
        label={labels.to}
        type="date"
        value={to}
        min={from || undefined}
        onChange={(e) => onChange("to", e.target.value)}
      />
    </>
  );
}

export function ClearFiltersButton({ onClear, active }: { onClear: () => void; active: boolean }) {
  return (
    <div>
      <Button variant="secondary" onClick={onClear} disabled={!active}>
        Clear filters
      </Button>
    </div>
  );
}
