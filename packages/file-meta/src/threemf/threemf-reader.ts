// Sliced 3MF (.gcode.3mf from Bambu Studio / OrcaSlicer): plates from Metadata/slice_info.config
// (or, without it, from each Metadata/plate_N.gcode's header comments), printer and nozzle from
// Metadata/project_settings.config, plate names from model_settings.config, objects (and the
// nozzle, where nothing else says) from plate_N.json, the slicer from
// 3D/3dmodel.model's "Application", and the largest of plate_N.png / plate_N_small.png per plate.
// A 3MF with no plate G-code (a PrusaSlicer or Bambu project) is not printable: "no_plates".
import { commentsOfText } from "../gcode/gcode-reader";
import { draftFromSlicerFields } from "../gcode/slicer-fields";
import { UnreadablePrintFileError, type PrintFileContents, type ThumbnailImage } from "../metadata";
import { toFileMetadata, Warnings, type DraftMetadata, type DraftPlate } from "../validate";
import { normalizeSlicer, toNumber } from "../values";
import { SafeZip } from "./safe-zip";
import { plateNames, parseSliceInfo, type SliceInfoPlate } from "./slice-info";
import { plateThumbnails } from "./plate-thumbnails";
import { readPlateJson } from "./plate-json";
import { readProjectSettings } from "./project-settings";

const CONFIG_BYTES = 8 * 1024 * 1024;
const HEADER_BYTES = 512 * 1024;
const PLATE_GCODE = /^Metadata\/plate_(\d{1,4})\.gcode$/;

async function text(
  zip: SafeZip,
  name: string,
  warnings: Warnings,
  max = CONFIG_BYTES,
): Promise<string | undefined> {
  if (!zip.entries.has(name)) return undefined;
  const data = await zip.read(name, max);
  if (!data) warnings.add(`${name} is larger than ${max / 1024 / 1024} MB and was not read`);
  return data?.toString("utf8");
}

async function application(zip: SafeZip): Promise<string | undefined> {
  const model = await zip.readPrefix("3D/3dmodel.model", 64 * 1024);
  const value = model
    ? /<metadata\s+name="Application"\s*>([^<]{1,200})<\/metadata>/i.exec(model.toString("utf8"))?.[1]
    : undefined;
  return normalizeSlicer(value);
}

/** Plates read from each plate G-code's header (a 3MF without slice_info.config). */
async function platesFromGcode(
  zip: SafeZip,
  indexes: number[],
  warnings: Warnings,
): Promise<{ plates: DraftPlate[]; first?: DraftMetadata }> {
  const plates: DraftPlate[] = [];
  let first: DraftMetadata | undefined;
  for (const index of indexes.slice(0, 1_000)) {
    const head = await zip.readPrefix(`Metadata/plate_${index}.gcode`, HEADER_BYTES);
    const comments = commentsOfText(head?.toString("utf8") ?? "", warnings);
    const draft = draftFromSlicerFields(comments.values, comments.slicer, warnings);
    first ??= draft;
    const weight = toNumber(comments.values.get("total filament weight [g]"));
    plates.push({
      index,
      estimatedSeconds: draft.estimatedSeconds,
      weightGrams: weight,
      filaments: draft.filaments,
    });
  }
  return { plates, ...(first ? { first } : {}) };
}

export async function read3mf(path: string): Promise<PrintFileContents> {
  const zip = await SafeZip.open(path);
  try {
    const warnings = new Warnings();
    const sliced = [...zip.entries.keys()]
      .map((name) => Number(PLATE_GCODE.exec(name)?.[1] ?? NaN))
      .filter((index) => index >= 1)
      .sort((a, b) => a - b);
    if (sliced.length === 0)
      throw new UnreadablePrintFileError(
        "no_plates",
        "This 3MF is a project, not a sliced file: slice it and export the plate as .gcode.3mf",
      );
    const sliceInfoXml = await text(zip, "Metadata/slice_info.config", warnings);
    const settings = readProjectSettings(
      await text(zip, "Metadata/project_settings.config", warnings),
      warnings,
    );
    const names = plateNames((await text(zip, "Metadata/model_settings.config", warnings)) ?? "");

    let plates: DraftPlate[];
    let fromHeader: DraftMetadata | undefined;
    let infoPlates: SliceInfoPlate[] = [];
    if (sliceInfoXml) {
      infoPlates = parseSliceInfo(sliceInfoXml);
      for (const plate of infoPlates)
        if (!sliced.includes(plate.index))
          warnings.add(`plate ${plate.index} is listed but has no G-code and was left out`);
      infoPlates = infoPlates.filter((plate) => sliced.includes(plate.index));
      for (const index of sliced)
        if (!infoPlates.some((plate) => plate.index === index))
          warnings.add(`plate ${index} has G-code but no entry in slice_info.config`);
      plates = infoPlates;
    } else {
      ({ plates, first: fromHeader } = await platesFromGcode(zip, sliced, warnings));
    }
    let plateNozzle: number | undefined;
    for (const plate of plates) {
      const name = names.get(plate.index);
      if (name) plate.name = name;
      if (plate.objects && plateNozzle !== undefined) continue;
      const preview = await readPlateJson(zip, plate.index, warnings);
      plate.objects ??= preview.objects;
      plateNozzle ??= preview.nozzleDiameter;
    }
    const firstPlate = plates[0];
    const draft: DraftMetadata = {
      slicer: (await application(zip)) ?? fromHeader?.slicer,
      printerModel: settings.printerModel ?? infoPlates[0]?.printerModelId ?? fromHeader?.printerModel,
      nozzleDiameter:
        settings.nozzleDiameter ?? infoPlates[0]?.nozzleDiameter ?? fromHeader?.nozzleDiameter ?? plateNozzle,
      layerHeight: settings.layerHeight ?? fromHeader?.layerHeight,
      estimatedSeconds: firstPlate?.estimatedSeconds,
      filaments: firstPlate?.filaments ?? [],
      plates: plates.map(({ index, name, estimatedSeconds, weightGrams, filaments, objects }) => ({
        index,
        name,
        estimatedSeconds,
        weightGrams,
        filaments,
        objects,
      })),
    };
    const thumbnails: ThumbnailImage[] = await plateThumbnails(
      zip,
      plates.map((p) => p.index),
      warnings,
    );
    return { metadata: toFileMetadata("3mf", draft, warnings), thumbnails };
  } finally {
    zip.close();
  }
}
