// What a start or the dispatcher asks of a file's metadata for one plate: how long it prints and
// which filaments it needs. A G-code / binary G-code has no plates: its own values answer.
import type { FileMetadata, FilamentNeed, Plate } from "./metadata";

/** The plate (1-based) of a 3MF, or its first sliced plate when none is asked; undefined for G-code. */
export function plateOf(metadata: FileMetadata, plate?: number): Plate | undefined {
  if (metadata.plates.length === 0) return undefined;
  return plate === undefined ? metadata.plates[0] : metadata.plates.find((p) => p.index === plate);
}

/** Estimated print seconds of the plate (3MF) or of the file; undefined when the file does not say. */
export function estimatedSecondsOf(metadata: FileMetadata, plate?: number): number | undefined {
  if (metadata.plates.length === 0) return metadata.estimatedSeconds;
  return plateOf(metadata, plate)?.estimatedSeconds;
}

/** The filaments the plate (3MF) or the file needs; empty when the file does not say or the plate does not exist. */
export function filamentsOf(metadata: FileMetadata, plate?: number): FilamentNeed[] {
  if (metadata.plates.length === 0) return metadata.filaments;
  return plateOf(metadata, plate)?.filaments ?? [];
}
