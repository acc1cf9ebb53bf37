// The simulated SD card: real-looking .3mf projects (zip with Metadata/plate_1.gcode and a PNG
// thumbnail), cached cloud prints under /cache, timelapses under /timelapse (.mp4 on X1, .avi
// on P1/A1) and, on X1, a /model folder. Served read-only by the FTPS server.
import { makeThumbnail } from "../png";
import { buildZip } from "./zip-writer";
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

export function make3mf(name: string, layers: number, minutes: number, seed: number): Buffer {
  const gcode = makeGcode(name, layers, minutes);
  const xml = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`, "utf8");
  return buildZip([
    {
      name: "[Content_Types].xml",
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="gcode" ContentType="text/x.gcode"/></Types>',
      ),
    },
    {
      name: "_rels/.rels",
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel-1" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>',
      ),
    },
    {
      name: "3D/3dmodel.model",
      data: xml(
        `<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><metadata name="Title">${name}</metadata><resources/><build/></model>`,
      ),
    },
    { name: "Metadata/plate_1.gcode", data: gcode },
    { name: "Metadata/plate_1.gcode.md5", data: Buffer.from("0".repeat(32)) },
    { name: "Metadata/plate_1.png", data: makeThumbnail(128, 128, seed) },
    {
      name: "Metadata/slice_info.config",
      data: xml(
        `<config><plate><metadata key="index" value="1"/><metadata key="prediction" value="${minutes * 60}"/><metadata key="weight" value="12.5"/></plate></config>`,
      ),
    },
  ]);
}

export function makeSdCard(model: BambuSimModel): SdCard {
  const files = new Map<string, SdFile>();
  const when = (day: number) => new Date(Date.UTC(2025, 5, day, 12, 12, 18));
  files.set("/Benchy.gcode.3mf", { data: make3mf("Benchy", 120, 42, 1), modified: when(10) });
  files.set("/Fidget Collection.3mf", { data: make3mf("Fidget Collection", 70, 759, 2), modified: when(11) });
  files.set("/calibration cube.gcode.3mf", {
    data: make3mf("calibration cube", 400, 95, 3),
    modified: when(12),
  });
  files.set("/cache/Garden Hose Healer.3mf", {
    data: make3mf("Garden Hose Healer", 60, 30, 4),
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
    files.set("/model/Spool holder.3mf", { data: make3mf("Spool holder", 30, 20, 5), modified: when(14) });
    dirs.add("/model");
  }
  return { files, dirs };
}
