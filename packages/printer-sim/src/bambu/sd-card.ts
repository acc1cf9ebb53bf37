// The simulated SD card: sliced .3mf projects laid out as Bambu Studio writes them (below),
// cached cloud prints under /cache, timelapses under /timelapse (.mp4 on X1, .avi on P1/A1) and,
// on X1, a /model folder. Served read-only by the FTPS server.
import { createHash } from "node:crypto";
import { makeThumbnail } from "../png";
import { buildZip, type ZipEntry } from "./zip-writer";
import type { BambuSimModel } from "./report-templates";

export interface SdFile {
  data: Buffer;
  modified: Date;
}

export interface SdCard {
  /** Full path ("/cache/benchy.3mf") → file. Directories are implied by the paths (plus `dirs`). */
  files: Map<string, SdFile>;
  dirs: Set<string>;
}

/** A sliced-looking G-code body with `layers` layers; long enough to make a multi-chunk download. */
export function makeGcode(name: string, layers: number, minutes: number): Buffer {
  const lines = [
    "; HEADER_BLOCK_START",
    "; BambuStudio 02.00.03.54",
    `; model printing time: ${minutes}m; total estimated time: ${minutes + 6}m`,
    `; total layer number: ${layers}`,
    `; filament_type = PLA`,
    "; HEADER_BLOCK_END",
    `; project: ${name}`,
    "M73 P0 R" + String(minutes),
    "M104 S220",
    "M140 S55",
    "G28",
  ];
  for (let layer = 1; layer <= layers; layer++) {
    lines.push(`; CHANGE_LAYER`, `; Z_HEIGHT: ${(layer * 0.2).toFixed(2)}`, `M73 L${layer}`);
    for (let i = 0; i < 40; i++)
      lines.push(
        `G1 X${(100 + Math.sin(layer + i) * 40).toFixed(3)} Y${(100 + Math.cos(layer * i) * 40).toFixed(3)} E${(0.03 + i / 1000).toFixed(5)}`,
      );
  }
  lines.push("M104 S0", "M140 S0", "M73 P100 R0", "");
  return Buffer.from(lines.join("\n"), "utf8");
}

/** Bambu Studio's `printer_model_id` of each simulated model (slice_info.config). */
export const PRINTER_MODEL_ID: Record<BambuSimModel, string> = { X1C: "BL-P001", P1S: "C12" };

/** A 3MF part holding an XML document. */
export const xmlPart = (body: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`, "utf8");
/** `value` escaped for an XML attribute or text. */
export const xmlAttr = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The 3MF core parts as Bambu Studio writes them: content types, the relationships (plate `coverPlate`'s picture as the thumbnail) and an empty model titled `title`. */
export function threeMfCore(title: string, coverPlate: number): ZipEntry[] {
  return [
    {
      name: "[Content_Types].xml",
      data: xmlPart(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="gcode" ContentType="text/x.gcode"/></Types>',
      ),
    },
    {
      name: "_rels/.rels",
      data: xmlPart(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel-1" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/><Relationship Target="/Metadata/plate_${coverPlate}.png" Id="rel-2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"/></Relationships>`,
      ),
    },
    {
      name: "3D/3dmodel.model",
      data: xmlPart(
        `<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><metadata name="Application">BambuStudio-02.00.03.54</metadata><metadata name="Title">${xmlAttr(title)}</metadata><resources/><build/></model>`,
      ),
    },
  ];
}

/** A plate's G-code and the MD5 sidecar Bambu Studio writes beside it. */
export function plateGcodeParts(plate: number, gcode: Buffer): ZipEntry[] {
  return [
    { name: `Metadata/plate_${plate}.gcode`, data: gcode },
    {
      name: `Metadata/plate_${plate}.gcode.md5`,
      data: Buffer.from(createHash("md5").update(gcode).digest("hex").toUpperCase()),
    },
  ];
}

export interface ThreeMfOptions {
  model?: BambuSimModel;
  /** The plate this sliced file carries (Bambu Studio's "print plate N"; default 1). */
  plate?: number;
}

/**
 * A sliced project as Bambu Studio sends it: the 3MF core parts, then per plate
 * `Metadata/plate_N.gcode` (+ `.md5`), `plate_N.json` (bed type, bounding boxes), `plate_N.png`
 * (the cover image pybambu and the printer screen show), `plate_no_light_N.png`, `top_N.png`,
 * `pick_N.png`, and `Metadata/slice_info.config` (plate index, printer model, prediction, weight,
 * objects, filaments), which pybambu reads for the plate number and the filament use.
 */
export function make3mf(
  name: string,
  layers: number,
  minutes: number,
  seed: number,
  options: ThreeMfOptions = {},
): Buffer {
  const plate = options.plate ?? 1;
  const modelId = PRINTER_MODEL_ID[options.model ?? "X1C"];
  const gcode = makeGcode(name, layers, minutes);
  const grams = Math.round(minutes * 0.3 * 100) / 100;
  const meters = Math.round(grams * 33) / 100;
  const escaped = xmlAttr(name);
  const metadata = (key: string, value: string) => `    <metadata key="${key}" value="${value}"/>`;
  const sliceInfo = [
    "<config>",
    "  <header>",
    '    <header_item key="X-BBL-Client-Type" value="slicer"/>',
    '    <header_item key="X-BBL-Client-Version" value="02.00.03.54"/>',
    "  </header>",
    "  <plate>",
    metadata("index", String(plate)),
    metadata("extruder_type", "0"),
    metadata("printer_model_id", modelId),
    metadata("nozzle_diameters", "0.4"),
    metadata("timelapse_type", "0"),
    metadata("prediction", String(minutes * 60)),
    metadata("weight", grams.toFixed(2)),
    metadata("outside", "false"),
    metadata("support_used", "false"),
    metadata("label_object_enabled", "true"),
    `    <object identify_id="${100 + seed}" name="${escaped}.stl" skipped="false" />`,
    `    <filament id="1" tray_info_idx="GFA00" type="PLA" color="#FFFFFF" used_m="${meters.toFixed(2)}" used_g="${grams.toFixed(2)}" />`,
    "  </plate>",
    "</config>",
  ].join("\n");
  const plateJson = {
    bbox_all: [98.5, 98.5, 157.5, 157.5],
    bbox_objects: [{ area: 3481, bbox: [98.5, 98.5, 157.5, 157.5], id: 100 + seed, layer_height: 0.2, name }],
    bed_type: "textured_plate",
    filament_colors: ["#FFFFFF"],
    filament_ids: [0],
    first_extruder: 0,
    is_seq_print: false,
    nozzle_diameter: 0.4,
    version: 2,
  };
  const metadataPrefix = "Metadata/";
  return buildZip([
    ...threeMfCore(name, plate),
    ...plateGcodeParts(plate, gcode),
    { name: `${metadataPrefix}plate_${plate}.json`, data: Buffer.from(JSON.stringify(plateJson)) },
    { name: `${metadataPrefix}plate_${plate}.png`, data: makeThumbnail(256, 256, seed) },
    { name: `${metadataPrefix}plate_no_light_${plate}.png`, data: makeThumbnail(256, 256, seed + 1) },
    { name: `${metadataPrefix}top_${plate}.png`, data: makeThumbnail(256, 256, seed + 2) },
    { name: `${metadataPrefix}pick_${plate}.png`, data: makeThumbnail(256, 256, seed + 3) },
    { name: `${metadataPrefix}slice_info.config`, data: xmlPart(sliceInfo) },
  ]);
}

export function makeSdCard(model: BambuSimModel): SdCard {
  const files = new Map<string, SdFile>();
  const when = (day: number) => new Date(Date.UTC(2025, 5, day, 12, 12, 18));
  files.set("/Benchy.gcode.3mf", { data: make3mf("Benchy", 120, 42, 1, { model }), modified: when(10) });
  // The second plate of a project, sliced and sent alone (only plate_2.* inside).
  files.set("/Fidget Collection.3mf", {
    data: make3mf("Fidget Collection", 70, 759, 2, { model, plate: 2 }),
    modified: when(11),
  });
  files.set("/calibration cube.gcode.3mf", {
    data: make3mf("calibration cube", 400, 95, 3, { model }),
    modified: when(12),
  });
  files.set("/cache/Garden Hose Healer.3mf", {
    data: make3mf("Garden Hose Healer", 60, 30, 4, { model }),
    modified: when(13),
  });
  const video = model === "X1C" ? "mp4" : "avi";
  files.set(`/timelapse/video_2025-06-17_12-12-18.${video}`, {
    data: Buffer.alloc(64 * 1024, 7),
    modified: when(17),
  });
  files.set("/timelapse/thumbnail/video_2025-06-17_12-12-18.jpg", {
    data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9]),
    modified: when(17),
  });
  const dirs = new Set(["/", "/cache", "/timelapse", "/timelapse/thumbnail"]);
  if (model === "X1C") {
    files.set("/model/Spool holder.3mf", {
      data: make3mf("Spool holder", 30, 20, 5, { model }),
      modified: when(14),
    });
    dirs.add("/model");
  }
  return { files, dirs };
}

/** Where pybambu looks for a job's 3MF, in its order (`/cache/` first, then the SD root). */
function printFileCandidates(name: string): string[] {
  const names = /\.3mf$/i.test(name) ? [name] : [`${name}.3mf`, `${name}.gcode.3mf`];
  return names.flatMap((n) => [`/cache/${n}`, `/${n}`]);
}

/**
 * The 3MF a print of `name` runs from, and its plate. A real printer always has it (sent by the
 * slicer or cached from the cloud); a name the card does not hold is cached under /cache like a
 * cloud print.
 */
export function printFileFor(
  card: SdCard,
  name: string,
  model: BambuSimModel,
  minutes: number,
): { path: string; plate: number } {
  const plateOf = (data: Buffer) => {
    // Entry names are plain text in a zip's headers.
    for (let plate = 1; plate <= 16; plate++)
      if (data.includes(Buffer.from(`Metadata/plate_${plate}.gcode`))) return plate;
    return 1;
  };
  for (const path of printFileCandidates(name)) {
    const file = card.files.get(path);
    if (file) return { path, plate: plateOf(file.data) };
  }
  const path = `/cache/${name.replace(/\//g, "_")}.3mf`;
  card.files.set(path, {
    data: make3mf(name, 50, minutes, card.files.size + 7, { model }),
    modified: new Date(),
  });
  return { path, plate: 1 };
}
