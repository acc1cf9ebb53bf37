// The 3MF of a Bambu print job: where it lies on the SD card, and its plate thumbnail.
// Where: pybambu's search (ha-bambulab `models.py` `_attempt_ftp_download`): the job name
// (`subtask_name`) as `<name>.3mf` / `<name>.gcode.3mf`, then `gcode_file` when it names a 3MF,
// each in /cache/ first, then the SD root. X1 reports `gcode_file` as the ramdisk copy
// "/data/Metadata/plate_N.gcode" (not on FTP), which tells the plate.
// What: `Metadata/plate_N.png`, N from `gcode_file` or else the first plate's `index` in
// `Metadata/slice_info.config` (as pybambu), read by file-meta's SafeZip (the library's 3MF
// reader): every size checked before a byte is inflated (a zip bomb is refused, never unpacked).
import { posix } from "node:path";
import { SafeZip, UnreadablePrintFileError, ZIP_LIMITS } from "@printernizer/file-meta";
import { BAMBU_FTP_SEARCH_PATHS } from "./bambu-models";

export const THREEMF_LIMITS = {
  /** A sliced 3MF with a long G-code is tens of MB; beyond this we do not fetch it for a picture. */
  fileBytes: 256 * 1024 * 1024,
  pngBytes: 4 * 1024 * 1024,
  sliceInfoBytes: 1024 * 1024,
  entries: ZIP_LIMITS.entries,
} as const;

const MAX_CANDIDATES = 8;
const PLATE_GCODE = /(?:^|\/)plate_(\d{1,4})\.gcode$/i;
const PLATE_FRAGMENT = /^Metadata\/plate_(\d{1,4})\.png$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The job fields of a report that locate its 3MF. */
export interface JobFileFields {
  subtask_name?: string | undefined;
  gcode_file?: string | undefined;
}

export class ThreeMfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ThreeMfError";
  }
}

/** The plate a report's `gcode_file` names ("/data/Metadata/plate_3.gcode" → 3), if it names one. */
export function plateOfGcodeFile(gcodeFile: string | undefined): number | undefined {
  const match = gcodeFile ? PLATE_GCODE.exec(gcodeFile.trim()) : null;
  const plate = match ? Number(match[1]) : NaN;
  return plate >= 1 ? plate : undefined;
}

function namesFor(value: string): string[] {
  const name = value.trim().replace(/^\/+/, "");
  if (!name || name.includes("\n") || name.includes("\r")) return [];
  return /\.3mf$/i.test(name) ? [name] : [`${name}.3mf`, `${name}.gcode.3mf`];
}

/** SD-card paths where the job's 3MF may be, in the order pybambu tries them. */
export function threeMfCandidates(fields: JobFileFields): string[] {
  const names: string[] = [];
  if (fields.subtask_name) names.push(...namesFor(fields.subtask_name));
  const gcode = fields.gcode_file?.trim();
  // The X1's "/data/Metadata/plate_N.gcode" is a ramdisk copy that FTP cannot reach.
  if (gcode && gcode !== fields.subtask_name && !/metadata/i.test(gcode)) names.push(...namesFor(gcode));
  const paths = names.flatMap((name) =>
    BAMBU_FTP_SEARCH_PATHS.map((folder) => posix.normalize(folder + name)),
  );
  return [...new Set(paths)].slice(0, MAX_CANDIDATES);
}

/**
 * The job's `thumbnailRef`: candidate paths, one a line (FTP paths cannot hold a line break),
 * then `#Metadata/plate_N.png` when the report names the plate. Undefined when nothing locates a 3MF.
 */
export function jobThumbnailRef(fields: JobFileFields): string | undefined {
  const paths = threeMfCandidates(fields);
  if (paths.length === 0) return undefined;
  const plate = plateOfGcodeFile(fields.gcode_file);
  return paths.join("\n") + (plate ? `#Metadata/plate_${plate}.png` : "");
}

export interface ThumbnailTarget {
  paths: string[];
  plate?: number;
}

/** A Bambu `thumbnailRef` (a job's, or a listed file's "/x.3mf#Metadata/plate_1.png") → what to fetch. */
export function parseThumbnailRef(ref: string): ThumbnailTarget | undefined {
  const hash = ref.lastIndexOf("#");
  const fragment = hash >= 0 ? PLATE_FRAGMENT.exec(ref.slice(hash + 1)) : null;
  const head = fragment ? ref.slice(0, hash) : ref;
  const paths = [
    ...new Set(
      head
        .split("\n")
        .map((p) => p.trim())
        .filter((p) => p.startsWith("/") && /\.3mf$/i.test(p) && !p.includes("\r")),
    ),
  ].slice(0, MAX_CANDIDATES);
  if (paths.length === 0) return undefined;
  const plate = fragment ? Number(fragment[1]) : undefined;
  return { paths, ...(plate && plate >= 1 ? { plate } : {}) };
}

// ---- reading the archive ------------------------------------------------------------------------

/** `work` on the 3MF at `file`, opened by file-meta's SafeZip; its refusals become ThreeMfError. */
async function withZip<T>(file: string, work: (zip: SafeZip) => Promise<T>): Promise<T> {
  let zip: SafeZip | undefined;
  try {
    zip = await SafeZip.open(file);
    return await work(zip);
  } catch (error) {
    if (error instanceof UnreadablePrintFileError) throw new ThreeMfError(error.message);
    throw error;
  } finally {
    zip?.close();
  }
}

/** One entry's bytes, refused before inflating when its declared size is over `max`. */
async function readEntry(zip: SafeZip, name: string, max: number): Promise<Buffer> {
  const size = zip.entries.get(name)?.uncompressedSize ?? 0;
  if (size > max) throw new ThreeMfError(`${name} is ${size} bytes unpacked (limit ${max})`);
  const data = await zip.read(name, max);
  if (!data) throw new ThreeMfError(`the 3MF has no ${name}`);
  return data;
}

/** The first plate's index in slice_info.config (`<plate><metadata key="index" value="2"/>`). */
export function plateOfSliceInfo(xml: string): number | undefined {
  const plate = /<plate\b[^>]*>([\s\S]*?)<\/plate>/i.exec(xml)?.[1];
  const index = plate ? /<metadata\s+key="index"\s+value="(\d{1,4})"/i.exec(plate)?.[1] : undefined;
  return index && Number(index) >= 1 ? Number(index) : undefined;
}

/** The plate printed: as asked, else slice_info.config's, else the one plate G-code in the archive, else 1. */
async function choosePlate(zip: SafeZip, asked?: number): Promise<number> {
  if (asked) return asked;
  const info = "Metadata/slice_info.config";
  if (zip.entries.has(info)) {
    const plate = plateOfSliceInfo(
      (await readEntry(zip, info, THREEMF_LIMITS.sliceInfoBytes)).toString("utf8"),
    );
    if (plate) return plate;
  }
  const gcodes = [...zip.entries.keys()].map((name) => /^Metadata\/plate_(\d{1,4})\.gcode$/.exec(name)?.[1]);
  const plates = gcodes.filter((p): p is string => p !== undefined);
  return plates.length === 1 ? Number(plates[0]) : 1;
}

/** Reads `Metadata/plate_N.png` of the 3MF at `file`; ThreeMfError when it is corrupt, missing or too big. */
export function readPlateThumbnail(file: string, plate?: number): Promise<{ plate: number; png: Buffer }> {
  return withZip(file, async (zip) => {
    const chosen = await choosePlate(zip, plate);
    const png = await readEntry(zip, `Metadata/plate_${chosen}.png`, THREEMF_LIMITS.pngBytes);
    if (!png.subarray(0, 8).equals(PNG_SIGNATURE))
      throw new ThreeMfError(`Metadata/plate_${chosen}.png is not a PNG image`);
    return { plate: chosen, png };
  });
}

/** `{ thumbnailRef }` for a normalized job, or nothing when the report does not locate a 3MF. */
export function jobThumbnailField(fields: JobFileFields): { thumbnailRef?: string } {
  const thumbnailRef = jobThumbnailRef(fields);
  return thumbnailRef ? { thumbnailRef } : {};
}
