// The plates of a sliced Bambu Studio / OrcaSlicer 3MF, from `Metadata/slice_info.config`:
// <plate> <metadata key="index|prediction|weight|printer_model_id|nozzle_diameters" value=".."/>
// <object name=".."/> <filament id="1" type="PLA" color="#FFFFFF" used_m="3.74" used_g="11.16"/> </plate>
// and the plate names of `Metadata/model_settings.config` (<metadata key="plater_name" value=".."/>).
import type { DraftFilament, DraftPlate } from "../validate";
import { normalizeColor, numberList, toNumber } from "../values";
import { blocks, elements, metadataPairs } from "./xml";

export interface SliceInfoPlate extends DraftPlate {
  printerModelId?: string | undefined;
  nozzleDiameter?: number | undefined;
}

function filament(attrs: Map<string, string>): DraftFilament | undefined {
  const index = toNumber(attrs.get("id"));
  if (index === undefined) return undefined;
  return {
    index,
    type: attrs.get("type") || undefined,
    color: normalizeColor(attrs.get("color")),
    grams: toNumber(attrs.get("used_g")),
    meters: toNumber(attrs.get("used_m")),
  };
}

export function parseSliceInfo(xml: string): SliceInfoPlate[] {
  return blocks(xml, "plate").map(({ inner }) => {
    const meta = metadataPairs(inner);
    const objects = elements(inner, "object")
      .map((attrs) => attrs.get("name") ?? "")
      .filter(Boolean);
    return {
      index: toNumber(meta.get("index")) ?? NaN,
      estimatedSeconds: toNumber(meta.get("prediction")),
      weightGrams: toNumber(meta.get("weight")),
      filaments: elements(inner, "filament")
        .map(filament)
        .filter((f): f is DraftFilament => f !== undefined),
      objects: objects.length > 0 ? objects : undefined,
      printerModelId: meta.get("printer_model_id") || undefined,
      nozzleDiameter: numberList(meta.get("nozzle_diameters"))[0],
    };
  });
}

/** Plate names by plate number (`plater_id` → `plater_name`) from model_settings.config. */
export function plateNames(xml: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const { inner } of blocks(xml, "plate")) {
    const meta = metadataPairs(inner);
    const index = toNumber(meta.get("plater_id"));
    const name = meta.get("plater_name")?.trim();
    if (index !== undefined && name) names.set(index, name);
  }
  return names;
}
