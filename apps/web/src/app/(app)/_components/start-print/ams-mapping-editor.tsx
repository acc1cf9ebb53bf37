"use client";
// Which AMS tray feeds each filament of the plate: per filament the file needs (type and colour
// swatch), a select of the printer's trays with what is loaded, pre-filled with the automatic
// mapping. "Not used" (-1) leaves a filament without a tray.
import type { FilamentSlot } from "@printernizer/printers";
import { cssColor, slotContent, unitName } from "@printernizer/ui/filament-swatches";

export interface FilamentNeedRow {
  /** 1-based filament index in the file. */
  index: number;
  need: { type?: string; color?: string };
}

/** A colour swatch; without a label it is decoration (the text next to it says the colour). */
function Swatch({ color, label }: { color?: string; label?: string }) {
  return (
    <span
      {...(label ? { role: "img", "aria-label": label, title: label } : { "aria-hidden": true })}
      className="inline-block h-4 w-4 shrink-0 rounded-sm border border-slate-300 dark:border-slate-600"
      style={{ backgroundColor: cssColor(color) ?? "transparent" }}
    />
  );
}

export function trayLabel(tray: FilamentSlot): string {
  const where =
    tray.unit === "external" ? unitName(tray.unit) : `${unitName(tray.unit)} slot ${tray.slot + 1}`;
  return `${where}: ${slotContent(tray)}${tray.color ? ` ${tray.color.slice(0, 7)}` : ""}`;
}

export function AmsMappingEditor({
  needs,
  trays,
  mapping,
  onChange,
}: {
  needs: FilamentNeedRow[];
  /** The printer's trays that have a tray id (the only ones a mapping can name). */
  trays: FilamentSlot[];
  mapping: number[];
  onChange: (mapping: number[]) => void;
}) {
  const usable = trays.filter((t): t is FilamentSlot & { trayId: number } => t.trayId !== undefined);
  return (
    <fieldset className="space-y-1" data-testid="ams-mapping">
      <legend className="mb-1 text-sm font-medium">AMS mapping</legend>
      <p className="text-xs text-muted">
        Which tray feeds each filament of the plate. Chosen automatically by material and colour; change it
        here if needed.
      </p>
      <ul className="space-y-1">
        {needs.map((row) => {
          const id = `ams-map-${row.index}`;
          const chosen = mapping[row.index - 1] ?? -1;
          const tray = usable.find((t) => t.trayId === chosen);
          const needWords = `${row.need.type ?? "Filament"}${row.need.color ? ` ${row.need.color}` : ""}`;
          return (
            <li key={row.index} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)] items-center gap-2">
              <label htmlFor={id} className="flex items-center gap-1.5 text-sm">
                <Swatch color={row.need.color} />
                <span className="truncate">
                  Filament {row.index}: {needWords}
                </span>
              </label>
              <div className="flex items-center gap-1.5">
                <Swatch
                  color={tray?.color}
                  label={tray ? `tray colour ${tray.color ?? "unknown"}` : "no tray"}
                />
                <select
                  id={id}
                  value={chosen}
                  onChange={(event) => {
                    const next = [...mapping];
                    while (next.length < row.index) next.push(-1);
                    next[row.index - 1] = Number(event.target.value);
                    onChange(next);
                  }}
                  className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
                >
                  <option value={-1}>Not used</option>
                  {usable.map((t) => (
                    <option key={t.trayId} value={t.trayId}>
                      {trayLabel(t)}
                    </option>
                  ))}
                </select>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
