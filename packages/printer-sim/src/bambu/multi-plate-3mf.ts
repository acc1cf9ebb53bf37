// A sliced multi-plate project as Bambu Studio exports it ("Export all plates sliced file",
// a .gcode.3mf): the 3MF core parts, and for every plate Metadata/plate_N.gcode (+ .md5),
// plate_N.json and plate_N.png, with one <plate> per plate in Metadata/slice_info.config
// (printer model, nozzle, prediction, weight, objects, filaments). For the demo farm's library
// and tests of the library's 3MF path.
import { makeThumbnail } from "../png";
import type { BambuSimModel } from "./report-templates";
import {
  makeGcode,
  plateGcodeParts,
  PRINTER_MODEL_ID,
  threeMfCore,
  xmlAttr as attr,
  xmlPart,
} from "./sd-card";
import { buildZip, type ZipEntry } from "./zip-writer";

export interface SlicedPlate {
  name: string;
  minutes: number;
  layers: number;
  filaments: { type: string; color: string; grams: number }[];
}

const meta = (key: string, value: string) => `    <metadata key="${key}" value="${attr(value)}"/>`;

export function makeMultiPlate3mf(
  title: string,
  plates: SlicedPlate[],
  options: { model?: BambuSimModel; seed?: number } = {},
): Buffer {
  const modelId = PRINTER_MODEL_ID[options.model ?? "X1C"];
  const seed = options.seed ?? 7;
  const plateBlocks = plates.map((plate, i) => {
    const index = i + 1;
    const grams = plate.filaments.reduce((sum, f) => sum + f.grams, 0);
    return [
      "  <plate>",
      meta("index", String(index)),
      meta("extruder_type", "0"),
      meta("printer_model_id", modelId),
      meta("nozzle_diameters", "0.4"),
      meta("prediction", String(plate.minutes * 60)),
      meta("weight", grams.toFixed(2)),
      meta("outside", "false"),
      meta("label_object_enabled", "true"),
      `    <object identify_id="${100 + index}" name="${attr(plate.name)}.stl" skipped="false" />`,
      ...plate.filaments.map(
        (f, slot) =>
          `    <filament id="${slot + 1}" type="${attr(f.type)}" color="${attr(f.color)}" used_m="${(f.grams * 0.33).toFixed(2)}" used_g="${f.grams.toFixed(2)}" />`,
      ),
      "  </plate>",
    ].join("\n");
  });
  const sliceInfo = [
    "<config>",
    "  <header>",
    '    <header_item key="X-BBL-Client-Type" value="slicer"/>',
    '    <header_item key="X-BBL-Client-Version" value="02.00.03.54"/>',
    "  </header>",
    ...plateBlocks,
    "</config>",
  ].join("\n");
  const perPlate: ZipEntry[] = plates.flatMap((plate, i) => {
    const index = i + 1;
    const gcode = makeGcode(plate.name, plate.layers, plate.minutes);
    const plateJson = {
      bbox_objects: [{ id: 100 + index, layer_height: 0.2, name: plate.name }],
      bed_type: "textured_plate",
      filament_colors: plate.filaments.map((f) => f.color),
      is_seq_print: false,
      nozzle_diameter: 0.4,
      version: 2,
    };
    return [
      ...plateGcodeParts(index, gcode),
      { name: `Metadata/plate_${index}.json`, data: Buffer.from(JSON.stringify(plateJson)) },
      { name: `Metadata/plate_${index}.png`, data: makeThumbnail(256, 256, seed + index) },
      { name: `Metadata/plate_no_light_${index}.png`, data: makeThumbnail(256, 256, seed + index + 50) },
    ];
  });
  return buildZip([
    ...threeMfCore(title, 1),
    ...perPlate,
    { name: "Metadata/slice_info.config", data: xmlPart(sliceInfo) },
  ]);
}
