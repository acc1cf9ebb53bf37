"use client";
import { SelectField } from "@printernizer/ui/form-field";
import { ClearFiltersButton, DayRangeFields, PrinterFilterField } from "../_components/filter-fields";

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
  return (
    <form
      role="search"
      aria-label="Filter jobs"
      className="grid items-end gap-3 sm:grid-cols-2 lg:grid-cols-5"
      onSubmit={(e) => e.preventDefault()}
    >
      <PrinterFilterField value={values.printer} onChange={(value) => onChange("printer", value)} />
      <SelectField
        label="Outcome"
        value={values.outcome}
        options={outcomeOptions}
        onChange={(e) => onChange("outcome", e.target.value)}
      />
      <DayRangeFields
        labels={{ from: "Started from", to: "Started until" }}
        from={values.from}
        to={values.to}
        onChange={onChange}
      />
      <ClearFiltersButton onClear={onClear} active={active} />
    </form>
  );
}
