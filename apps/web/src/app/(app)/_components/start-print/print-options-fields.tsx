"use client";
// The Bambu start options: bed levelling, flow calibration, timelapse, use AMS. Printers of
// other kinds ignore them, so the dialog shows them only for Bambu printers.
import type { PrintOptions } from "@printernizer/printers";
import { CheckboxField } from "@printernizer/ui/form-field";

const fields: { key: keyof Omit<PrintOptions, "amsMapping">; label: string; hint: string }[] = [
  { key: "bedLevelling", label: "Bed levelling", hint: "Probe the bed before printing." },
  { key: "flowCalibration", label: "Flow calibration", hint: "Calibrate the extrusion flow first." },
  { key: "timelapse", label: "Timelapse", hint: "Record a timelapse on the printer's storage." },
  {
    key: "useAms",
    label: "Use AMS",
    hint: "Feed filament from the AMS; off prints from the external spool.",
  },
];

export function PrintOptionsFields({
  options,
  onChange,
}: {
  options: PrintOptions;
  onChange: (options: PrintOptions) => void;
}) {
  return (
    <fieldset className="grid grid-cols-1 gap-2 sm:grid-cols-2" data-testid="print-options">
      <legend className="mb-1 text-sm font-medium">Options</legend>
      {fields.map((field) => (
        <CheckboxField
          key={field.key}
          label={field.label}
          hint={field.hint}
          checked={options[field.key]}
          onChange={(event) => onChange({ ...options, [field.key]: event.target.checked })}
        />
      ))}
    </fieldset>
  );
}
