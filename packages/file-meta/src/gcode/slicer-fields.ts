// What the slicer comments (G-code) or metadata blocks (binary G-code) say, as a draft:
// PrusaSlicer / OrcaSlicer / Bambu Studio keys first, Cura's `;TIME:` / `;Filament used:` as a fallback.
import type { DraftFilament, DraftMetadata, Warnings } from "../validate";
import { normalizeColor, normalizeSlicer, numberList, parseDuration, splitList, toNumber } from "../values";

type Values = ReadonlyMap<string, string>;

function first(values: Values, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = values.get(key);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

const TIME_KEYS = ["total estimated time", "estimated printing time (normal mode)", "time"];

function estimatedSeconds(values: Values, warnings: Warnings | undefined): number | undefined {
  // Bambu / Orca for Bambu printers: "; model printing time: 58m 3s; total estimated time: 1h 5m 15s".
  const total =
    values.get("total estimated time") ??
    /total estimated time:\s*([^;]+)/.exec(values.get("model printing time") ?? "")?.[1];
  const seconds =
    parseDuration(total) ??
    parseDuration(values.get("estimated printing time (normal mode)")) ??
    parseDuration(values.get("time")); // Cura: ";TIME:3600"
  const written = total ?? TIME_KEYS.map((key) => values.get(key)).find(Boolean);
  if (seconds === undefined && written)
    warnings?.add(`estimated time "${written.slice(0, 40)}" is not a duration and was ignored`);
  return seconds;
}

function curaMeters(values: Values): (number | undefined)[] {
  // Cura: ";Filament used: 1.2345m, 0.5m"
  return splitList(values.get("filament used")).map((item) => toNumber(item.replace(/m$/, "")));
}

function color(text: string | undefined, index: number, warnings: Warnings | undefined): string | undefined {
  const value = normalizeColor(text);
  if (value === undefined && text && text !== '""')
    warnings?.add(`filament ${index} colour "${text.slice(0, 40)}" is not a #RRGGBB colour and was ignored`);
  return value;
}

function filaments(values: Values, warnings: Warnings | undefined): DraftFilament[] {
  const types = splitList(first(values, "filament_type"));
  const filamentColors = splitList(first(values, "filament_colour"));
  const extruderColors = splitList(first(values, "extruder_colour"));
  const grams = numberList(first(values, "filament used [g]"));
  const millimeters = numberList(first(values, "filament used [mm]"));
  const meters = millimeters.length
    ? millimeters.map((mm) => (mm === undefined ? undefined : mm / 1000))
    : curaMeters(values);
  const count = Math.max(types.length, filamentColors.length, grams.length, meters.length);
  const usageKnown = grams.length > 0 || meters.length > 0;
  const out: DraftFilament[] = [];
  for (let i = 0; i < count && i < 64; i++) {
    const g = grams[i];
    const m = meters[i];
    // An MMU / AMS profile lists every slot; a slot the file does not use is not a need.
    if (usageKnown && !(g !== undefined && g > 0) && !(m !== undefined && m > 0)) continue;
    out.push({
      index: i + 1,
      type: types[i] || undefined,
      color: color(filamentColors[i], i + 1, warnings) ?? normalizeColor(extruderColors[i]),
      grams: g,
      meters: m === undefined ? undefined : Math.round(m * 1000) / 1000,
    });
  }
  return out;
}

/** The draft metadata of one G-code's comments or one binary G-code's metadata blocks. */
export function draftFromSlicerFields(
  values: Values,
  slicerLine: string | undefined,
  warnings?: Warnings,
): DraftMetadata {
  const nozzles = numberList(first(values, "nozzle_diameter"));
  return {
    slicer: normalizeSlicer(slicerLine ?? first(values, "producer")),
    printerModel: first(values, "printer_model", "target_machine.name")?.replace(/^"(.*)"$/, "$1"),
    nozzleDiameter: nozzles[0],
    layerHeight: toNumber(first(values, "layer_height", "layer height")),
    estimatedSeconds: estimatedSeconds(values, warnings),
    filaments: filaments(values, warnings),
    plates: [],
  };
}
