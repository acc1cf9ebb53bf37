"use client";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@printernizer/ui/button";
import { SelectField, TextField } from "@printernizer/ui/form-field";
import { useTRPC } from "~/trpc/react";

export const jobFilterKeys = ["printer", "outcome", "from", "to"] as const;
export type JobFilterValues = Record<(typeof jobFilterKeys)[number], string>;

const outcomeOptions = [
  { value: "", label: "Any outcome" },
  { value: "completed", label: "Completed" },
  { value: "failed", label: "Failed" },
  { value: "cancelled", label: "Cancelled" },
  { value: "unknown", label: "Unknown" },
  { value: "running", label: "Still running" },
];

export function JobFilters({
  values,
  onChange,
  onClear,
  active,
}: {
  values: JobFilterValues;
  onChange: (key: keyof JobFilterValues, value: string) => void;
  onClear: () => void;
  active: boolean;
}) {
  const trpc = useTRPC();
  const printers = useQuery(trpc.farm.list.queryOptions());
  const printerOptions = [
    { value: "", label: "All printers" },
    ...(printers.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];
  return (
    <form
      role="search"
      aria-label="Filter jobs"
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5"
      onSubmit={(e) => e.preventDefault()}
    >
      <SelectField
        label="Printer"
        value={values.printer}
        options={printerOptions}
        onChange={(e) => onChange("printer", e.target.value)}
      />
      <SelectField
        label="Outcome"
        value={values.outcome}
        options={outcomeOptions}
        onChange={(e) => onChange("outcome", e.target.value)}
      />
      <TextField
        label="Started from"
        type="date"
        value={values.from}
        max={values.to || undefined}
        onChange={(e) => onChange("from", e.target.value)}
      />
      <TextField
        label="Started until"
        type="date"
        value={values.to}
        min={values.from || undefined}
        onChange={(e) => onChange("to", e.target.value)}
      />
      <div>
        <Button variant="secondary" onClick={onClear} disabled={!active}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
