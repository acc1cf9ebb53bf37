// What Printernizer knows about a print file, read from the file itself: which slicer made it,
// for which printer and nozzle, what filament it needs, how long it takes, and its plates.
// Stored as LibraryFile.metadata (JSON) and checked by the start dialog and the dispatcher.
import { z } from "zod";

export const PrintFileFormatSchema = z.enum(["gcode", "bgcode", "3mf"]);
export type PrintFileFormat = z.infer<typeof PrintFileFormatSchema>;

const text = (max = 200) => z.string().max(max);

export const FilamentNeedSchema = z.object({
  /** 1-based filament (extruder / AMS slot) index as the slicer numbers it. */
  index: z.number().int().min(1).max(64),
  /** "PLA", "PETG", "PLA-CF" … as the slicer wrote it. */
  type: text(64).optional(),
  /** #RRGGBB */
  color: text(16).optional(),
  grams: z.number().min(0).optional(),
  meters: z.number().min(0).optional(),
});
export type FilamentNeed = z.infer<typeof FilamentNeedSchema>;

export const PlateSchema = z.object({
  /** 1-based plate number (Metadata/plate_<index>.gcode). */
  index: z.number().int().min(1).max(1_000),
  name: text().optional(),
  estimatedSeconds: z.number().int().min(0).optional(),
  weightGrams: z.number().min(0).optional(),
  filaments: z.array(FilamentNeedSchema).max(64),
  objects: z.array(text()).max(500).optional(),
  /** The plate's PNG in the file store (set by the library after storing the thumbnail). */
  thumbnailSha256: text(64).optional(),
});
export type Plate = z.infer<typeof PlateSchema>;

export const FileMetadataSchema = z.object({
  format: PrintFileFormatSchema,
  /** "PrusaSlicer 2.8.1", "OrcaSlicer 2.2.0", "BambuStudio 02.00.03.54". */
  slicer: text().optional(),
  /** The printer model the file was sliced for, as the slicer names it ("MK4S", "Bambu Lab P1S", "C12"). */
  printerModel: text().optional(),
  /** Nozzle diameter in mm the file was sliced for. */
  nozzleDiameter: z.number().min(0.05).max(3).optional(),
  layerHeight: z.number().min(0).max(10).optional(),
  estimatedSeconds: z.number().int().min(0).optional(),
  /** Filament of the whole file (for a 3MF: of the first sliced plate). */
  filaments: z.array(FilamentNeedSchema).max(64),
  /** Sliced plates of a 3MF (empty for G-code and binary G-code). */
  plates: z.array(PlateSchema).max(1_000),
  /** Things read that looked wrong but did not stop reading, in words. */
  warnings: z.array(text(300)).max(50),
});
export type FileMetadata = z.infer<typeof FileMetadataSchema>;

export interface ThumbnailImage {
  width: number;
  height: number;
  format: "png" | "jpg" | "qoi";
  data: Buffer;
  /** The 3MF plate this picture shows. */
  plate?: number;
}

export interface PrintFileContents {
  metadata: FileMetadata;
  /** The best picture per plate (largest PNG), or the file's largest thumbnail. */
  thumbnails: ThumbnailImage[];
}

export type UnreadableReason =
  "unsupported_format" | "not_gcode" | "corrupt" | "truncated" | "zip_bomb" | "no_plates" | "too_large";

/** A file the library refuses; `message` says what is wrong and what to do, for a person. */
export class UnreadablePrintFileError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
    this.name = "UnreadablePrintFileError";
  }
}

/** The format a file name says ("x.gcode.3mf" → 3mf), or undefined for anything else. */
export function formatOfName(fileName: string): PrintFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".3mf")) return "3mf";
  if (lower.endsWith(".bgcode")) return "bgcode";
  if (lower.endsWith(".gcode") || lower.endsWith(".gco") || lower.endsWith(".g")) return "gcode";
  return undefined;
}
