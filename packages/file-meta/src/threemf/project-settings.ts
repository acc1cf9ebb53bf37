// `Metadata/project_settings.config` of a Bambu Studio / OrcaSlicer 3MF: the slicer's whole
// configuration as JSON ("printer_model": "Bambu Lab P1S", "nozzle_diameter": ["0.4"], "layer_height": "0.2").
import type { Warnings } from "../validate";
import { toNumber } from "../values";

export interface ProjectSettings {
  printerModel?: string | undefined;
  nozzleDiameter?: number | undefined;
  layerHeight?: number | undefined;
}

function firstOf(value: unknown): string | undefined {
  const item: unknown = Array.isArray(value) ? value[0] : value;
  return typeof item === "string" || typeof item === "number" ? String(item) : undefined;
}

export function readProjectSettings(json: string | undefined, warnings: Warnings): ProjectSettings {
  if (json === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    warnings.add("Metadata/project_settings.config is not valid JSON and was not read");
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const settings = parsed as Record<string, unknown>;
  return {
    printerModel: firstOf(settings.printer_model)?.trim() || undefined,
    nozzleDiameter: toNumber(firstOf(settings.nozzle_diameter)),
    layerHeight: toNumber(firstOf(settings.layer_height)),
  };
}
