// Turns what a reader found into FileMetadata: every value checked against FileMetadataSchema,
// an odd one dropped with a `warnings` entry (in words), never a throw.
import type { z } from "zod";
import {
  FileMetadataSchema,
  FilamentNeedSchema,
  PlateSchema,
  type FileMetadata,
  type FilamentNeed,
  type Plate,
  type PrintFileFormat,
} from "./metadata";

const MAX_WARNINGS = 50;

export interface DraftFilament {
  index: number;
  type?: string | undefined;
  color?: string | undefined;
  grams?: number | undefined;
  meters?: number | undefined;
}

export interface DraftPlate {
  index: number;
  name?: string | undefined;
  estimatedSeconds?: number | undefined;
  weightGrams?: number | undefined;
  filaments: DraftFilament[];
  objects?: string[] | undefined;
}

export interface DraftMetadata {
  slicer?: string | undefined;
  printerModel?: string | undefined;
  nozzleDiameter?: number | undefined;
  layerHeight?: number | undefined;
  estimatedSeconds?: number | undefined;
  filaments: DraftFilament[];
  plates: DraftPlate[];
}

/** Collects warnings, at most MAX_WARNINGS, each at most 300 characters. */
export class Warnings {
  readonly list: string[] = [];
  add(message: string): void {
    if (this.list.length < MAX_WARNINGS && !this.list.includes(message))
      this.list.push(message.slice(0, 300));
  }
}

function describe(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** `value` when `schema` accepts it; otherwise undefined, with a warning "<what> … was ignored". */
function keep<T>(value: T | undefined, schema: z.ZodType, what: string, warnings: Warnings): T | undefined {
  if (value === undefined) return undefined;
  if (schema.safeParse(value).success) return value;
  warnings.add(`${what} ${describe(value)} is out of range and was ignored`);
  return undefined;
}

function filament(draft: DraftFilament, where: string, warnings: Warnings): FilamentNeed | undefined {
  const shape = FilamentNeedSchema.shape;
  if (!shape.index.safeParse(draft.index).success) {
    warnings.add(`${where}filament number ${describe(draft.index)} is out of range and was ignored`);
    return undefined;
  }
  const out: Partial<FilamentNeed> = { index: draft.index };
  const label = `${where}filament ${draft.index}`;
  out.type = keep(draft.type, shape.type, `${label} type`, warnings);
  out.color = keep(draft.color, shape.color, `${label} colour`, warnings);
  out.grams = keep(draft.grams, shape.grams, `${label} weight`, warnings);
  out.meters = keep(draft.meters, shape.meters, `${label} length`, warnings);
  return out as FilamentNeed;
}

function filaments(drafts: DraftFilament[], where: string, warnings: Warnings): FilamentNeed[] {
  if (drafts.length > 64) warnings.add(`${where}only the first 64 filaments were kept`);
  return drafts
    .slice(0, 64)
    .map((d) => filament(d, where, warnings))
    .filter((f): f is FilamentNeed => f !== undefined);
}

function plate(draft: DraftPlate, warnings: Warnings): Plate | undefined {
  const shape = PlateSchema.shape;
  if (!shape.index.safeParse(draft.index).success) {
    warnings.add(`plate number ${describe(draft.index)} is out of range and was ignored`);
    return undefined;
  }
  const where = `plate ${draft.index}: `;
  const out: Partial<Plate> = { index: draft.index, filaments: filaments(draft.filaments, where, warnings) };
  out.name = keep(draft.name, shape.name, `${where}name`, warnings);
  out.estimatedSeconds = keep(
    draft.estimatedSeconds,
    shape.estimatedSeconds,
    `${where}estimated time`,
    warnings,
  );
  out.weightGrams = keep(draft.weightGrams, shape.weightGrams, `${where}weight`, warnings);
  if (draft.objects) {
    const objects = draft.objects.filter((name) => name.length > 0 && name.length <= 200).slice(0, 500);
    if (objects.length < draft.objects.length) warnings.add(`${where}some object names were left out`);
    out.objects = objects;
  }
  return out as Plate;
}

/** The validated metadata of `draft`; warnings already collected by the reader come first. */
export function toFileMetadata(
  format: PrintFileFormat,
  draft: DraftMetadata,
  warnings: Warnings,
): FileMetadata {
  const shape = FileMetadataSchema.shape;
  const out: Partial<FileMetadata> = { format };
  out.slicer = keep(draft.slicer, shape.slicer, "slicer name", warnings);
  out.printerModel = keep(draft.printerModel, shape.printerModel, "printer model", warnings);
  out.nozzleDiameter = keep(draft.nozzleDiameter, shape.nozzleDiameter, "nozzle diameter", warnings);
  out.layerHeight = keep(draft.layerHeight, shape.layerHeight, "layer height", warnings);
  out.estimatedSeconds = keep(draft.estimatedSeconds, shape.estimatedSeconds, "estimated time", warnings);
  out.filaments = filaments(draft.filaments, "", warnings);
  if (draft.plates.length > 1_000) warnings.add("only the first 1000 plates were kept");
  out.plates = draft.plates
    .slice(0, 1_000)
    .map((p) => plate(p, warnings))
    .filter((p): p is Plate => p !== undefined);
  out.warnings = warnings.list;
  // Every field was checked above; this parse (of the JSON form, without undefined keys) is the guarantee.
  return FileMetadataSchema.parse(JSON.parse(JSON.stringify(out)));
}
