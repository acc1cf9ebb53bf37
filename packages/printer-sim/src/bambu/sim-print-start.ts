// How the simulated printer reads a start request: which SD file and plate `project_file` /
// `gcode_file` name (every URL form clients send: file:///sdcard/, ftp:///, ftp://, /sdcard/),
// and the print's estimated time from the file itself (@printernizer/file-meta), falling back to
// a default when the file cannot be read, as a printer would still print it.
import { posix } from "node:path";
import { printFileMetadata } from "../print-file-metadata";
import type { JsonObject } from "./report-templates";

/** `print_error` values the firmware raises for a refused start; both clear after a few seconds. */
export const BUSY_PRINT_ERROR = 0x05004004;
export const SD_CARD_PRINT_ERROR = 0x0500c010;
/** Print time when the file does not say (minutes). */
export const DEFAULT_PRINT_MINUTES = 30;

export interface StartFile {
  /** SD card path, "/Benchy.gcode.3mf". */
  path: string;
  plate: number;
}

const URL_PREFIX = /^(file:\/\/\/(mnt\/)?sdcard\/|ftp:\/\/\/?|\/?sdcard\/)/i;

export function startFileOf(command: string, body: JsonObject): StartFile | undefined {
  const raw = command === "project_file" ? body.url : body.param;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const path = posix.resolve("/", raw.trim().replace(URL_PREFIX, ""));
  if (path === "/") return undefined;
  const plate = command === "project_file" ? /plate_(\d+)\.gcode/.exec(String(body.param ?? ""))?.[1] : "1";
  return { path, plate: Number(plate ?? 1) || 1 };
}

/** The plate's (or file's) estimated seconds, read from the bytes; undefined when unreadable. */
export async function estimatedSecondsOf(
  data: Buffer,
  name: string,
  plate: number,
): Promise<number | undefined> {
  const metadata = await printFileMetadata(data, name);
  return metadata?.plates.find((p) => p.index === plate)?.estimatedSeconds ?? metadata?.estimatedSeconds;
}
