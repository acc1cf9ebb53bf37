// `Metadata/plate_N.json` of a Bambu Studio / OrcaSlicer 3MF (the plate's preview data):
// `bbox_objects[].name` and `nozzle_diameter`, used where slice_info.config does not say.
import type { Warnings } from "../validate";
import type { SafeZip } from "./safe-zip";

const PLATE_JSON_BYTES = 1024 * 1024;

export interface PlateJson {
  objects?: string[] | undefined;
  nozzleDiameter?: number | undefined;
}

export async function readPlateJson(zip: SafeZip, plate: number, warnings: Warnings): Promise<PlateJson> {
  const name = `Metadata/plate_${plate}.json`;
  if (!zip.entries.has(name)) return {};
  const data = await zip.read(name, PLATE_JSON_BYTES);
  let parsed: unknown;
  try {
    parsed = data ? JSON.parse(data.toString("utf8")) : undefined;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null) {
    warnings.add(`${name} is not readable JSON and was not used`);
    return {};
  }
  const { bbox_objects: boxes, nozzle_diameter: nozzle } = parsed as Record<string, unknown>;
  const objects = Array.isArray(boxes)
    ? boxes
        .map((box: unknown) => (box as { name?: unknown } | null)?.name)
        .filter((value): value is string => typeof value === "string" && value.length > 0)
    : [];
  return {
    objects: objects.length > 0 ? objects : undefined,
    nozzleDiameter: typeof nozzle === "number" ? nozzle : undefined,
  };
}
