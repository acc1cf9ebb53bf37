export interface FilamentSwatch {
  unit: number | "external";
  slot: number;
  material?: string;
  color?: string;
  remainingPercent?: number;
  state?: "empty" | "loaded" | "no_rfid";
  extruder?: number;
  active: boolean;
}

/** "AMS 1", "AMS HT 1" (units from 128 are AMS HT), or "External spool". Shared with the printer page. */
export function unitName(unit: FilamentSwatch["unit"]): string {
  return unit === "external" ? "External spool" : `AMS ${unit >= 128 ? `HT ${unit - 127}` : unit + 1}`;
}

/** What is in the slot: the material, "Empty", or a spool whose material the printer cannot tell. */
export function slotContent(s: Pick<FilamentSwatch, "material" | "state">): string {
  if (s.material) return s.material;
  return s.state === "no_rfid" ? "Loaded, material unknown" : "Empty";
}

function slotName(s: FilamentSwatch): string {
  const where = s.unit === "external" ? unitName(s.unit) : `${unitName(s.unit)} slot ${s.slot + 1}`;
  const left =
    s.remainingPercent !== undefined && s.remainingPercent >= 0 ? `, ${s.remainingPercent}% left` : "";
  const nozzle = s.extruder !== undefined ? `, nozzle ${s.extruder + 1}` : "";
  return `${where}: ${slotContent(s)}${left}${nozzle}${s.active ? " (active)" : ""}`;
}

/** A printer's colour (RRGGBB or RRGGBBAA, with or without #) as CSS; undefined when it is none of those. */
export function cssColor(color?: string): string | undefined {
  if (!color) return undefined;
  const hex = color.replace(/^#/, "");
  if (/^[0-9a-fA-F]{8}$/.test(hex)) return `#${hex.slice(0, 6)}${hex.slice(6, 8)}`;
  if (/^[0-9a-fA-F]{6}$/.test(hex)) return `#${hex}`;
  return undefined;
}

/** AMS / spool colours as small swatches; the active one is ringed. */
export function FilamentSwatches({ slots }: { slots: FilamentSwatch[] }) {
  if (!slots.length) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Filament">
      {slots.map((s) => {
        const name = slotName(s);
        return (
          <li
            key={`${s.unit}-${s.slot}`}
            title={name}
            aria-label={name}
            className={`h-4 w-4 rounded-sm border border-slate-300 dark:border-slate-600 ${s.active ? "ring-2 ring-sky-500 ring-offset-1 dark:ring-offset-slate-900" : ""}`}
            style={{ backgroundColor: cssColor(s.color) ?? "transparent" }}
          />
        );
      })}
    </ul>
  );
}
