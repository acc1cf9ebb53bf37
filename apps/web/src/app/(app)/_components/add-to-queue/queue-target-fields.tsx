"use client";
// Where a queue entry may print: any compatible printer, any printer of the chosen models, or
// one printer. The models offered are those of the farm's printers (and the one the file was
// sliced for); the dispatcher checks compatibility for every target.
import type { FarmPrinter } from "@printernizer/farm/farm";

export type TargetChoice =
  { target: "any" } | { target: "models"; models: string[] } | { target: "printer"; printerId: string };

const kinds = [
  { value: "any", label: "Any compatible printer" },
  { value: "models", label: "Any printer of these models" },
  { value: "printer", label: "One printer" },
] as const;

export function TargetFields({
  printers,
  fileModel,
  value,
  onChange,
}: {
  printers: FarmPrinter[];
  fileModel: string | undefined;
  value: TargetChoice;
  onChange: (value: TargetChoice) => void;
}) {
  const models = [...new Set([...(fileModel ? [fileModel] : []), ...printers.flatMap((p) => p.model ?? [])])];
  const pick = (target: TargetChoice["target"]) =>
    onChange(
      target === "any"
        ? { target }
        : target === "models"
          ? { target, models: fileModel ? [fileModel] : models.slice(0, 1) }
          : { target, printerId: printers[0]?.id ?? "" },
    );
  return (
    <fieldset className="space-y-2" data-testid="queue-target">
      <legend className="mb-1 text-sm font-medium">Print on</legend>
      <div className="flex flex-wrap gap-3">
        {kinds.map((kind) => (
          <label key={kind.value} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name="queue-target"
              className="accent-sky-700"
              checked={value.target === kind.value}
              onChange={() => pick(kind.value)}
            />
            {kind.label}
          </label>
        ))}
      </div>
      {value.target === "models" ? (
        <div className="flex flex-wrap gap-3" role="group" aria-label="Printer models">
          {models.length === 0 ? (
            <p className="text-sm text-muted">No printer reports its model yet.</p>
          ) : (
            models.map((model) => (
              <label key={model} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  className="accent-sky-700"
                  checked={value.models.includes(model)}
                  onChange={(event) =>
                    onChange({
                      target: "models",
                      models: event.target.checked
                        ? [...value.models, model]
                        : value.models.filter((m) => m !== model),
                    })
                  }
                />
                {model}
              </label>
            ))
          )}
        </div>
      ) : null}
      {value.target === "printer" ? (
        <label className="block text-sm">
          <span className="sr-only">Printer</span>
          <select
            value={value.printerId}
            onChange={(event) => onChange({ target: "printer", printerId: event.target.value })}
            className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          >
            {printers.map((printer) => (
              <option key={printer.id} value={printer.id}>
                {printer.name}
                {printer.model ? ` (${printer.model})` : ""}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </fieldset>
  );
}
