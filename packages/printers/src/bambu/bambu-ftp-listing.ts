// Parsing directory listings from the printers' vsFTPd. LIST gives unix lines
// ("-rw-r--r--    1 1000     1000      1632221 Jun 17  2025 video_2025-06-17_12-12-18.mp4");
// NLST gives full paths on X1 ("/cache/a.3mf") but bare names on P1/A1 ("a.3mf"). Names may
// contain spaces. Dates without a year are in the last six months (the printer clock is unreliable).
import { posix } from "node:path";
import type { RemoteFile } from "../core/model";

export interface ListedEntry {
  name: string;
  isDirectory: boolean;
  size?: number;
  modified?: Date;
}

const UNIX_LINE =
  /^([-dlbcps])[-rwxsStT]{9}\S*\s+\d+\s+\S+\s+\S+\s+(\d+)\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}:\d{2}|\d{4})\s(.+)$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parseDate(month: string, day: string, timeOrYear: string, now: Date): Date | undefined {
  const m = MONTHS.indexOf(month);
  if (m < 0) return undefined;
  if (/^\d{4}$/.test(timeOrYear)) return new Date(Date.UTC(Number(timeOrYear), m, Number(day)));
  const [h, min] = timeOrYear.split(":").map(Number);
  let date = new Date(Date.UTC(now.getUTCFullYear(), m, Number(day), h, min));
  // "Dec 31 23:59" seen in January belongs to last year.
  if (date.getTime() > now.getTime() + 24 * 3600 * 1000)
    date = new Date(Date.UTC(now.getUTCFullYear() - 1, m, Number(day), h, min));
  return date;
}

/** One LIST line → entry; undefined for "total N", "." / ".." and lines that are not unix format. */
export function parseListLine(line: string, now: Date = new Date()): ListedEntry | undefined {
  const match = UNIX_LINE.exec(line.trimEnd());
  if (!match) return undefined;
  const [, type, size, month, day, timeOrYear, rawName] = match;
  let name = rawName!;
  if (type === "l") name = name.split(" -> ")[0]!;
  if (name === "." || name === "..") return undefined;
  const modified = parseDate(month!, day!, timeOrYear!, now);
  return { name, isDirectory: type === "d", size: Number(size), ...(modified ? { modified } : {}) };
}

/** One NLST line → the bare name of an entry directly inside `dir` (full paths or bare names). */
export function nlstName(dir: string, line: string): string | undefined {
  const value = line.trim();
  if (!value || value === "." || value === "..") return undefined;
  if (!value.includes("/")) return value;
  const full = posix.normalize(value.startsWith("/") ? value : posix.join(dir, value));
  return posix.dirname(full) === posix.normalize(dir) ? posix.basename(full) : undefined;
}

/** Listing text (LIST or NLST output) → entries; NLST lines have no size or type. */
export function parseListing(dir: string, text: string, now: Date = new Date()): ListedEntry[] {
  const entries: ListedEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^total\s+\d+/i.test(line)) continue;
    const entry = parseListLine(line, now);
    if (entry) entries.push(entry);
    else {
      const name = nlstName(dir, line);
      if (name) entries.push({ name, isDirectory: !/\.[a-z0-9]{1,5}$/i.test(name) });
    }
  }
  return entries;
}

const PRINT_FILE = /\.(3mf|gcode)$/i;
const VIDEO_FILE = /\.(mp4|avi)$/i;

/** A listed entry of `dir` in the normalized file model. */
export function toRemoteFile(dir: string, entry: ListedEntry): RemoteFile {
  const path = posix.join(dir, entry.name);
  let type: RemoteFile["type"] = "other";
  if (entry.isDirectory) type = "folder";
  else if (PRINT_FILE.test(entry.name)) type = dir === "/model" ? "model" : "print";
  else if (VIDEO_FILE.test(entry.name) || dir.startsWith("/timelapse")) type = "timelapse";
  // No displayName: that is the long name of a file listed under a short (8.3) one, and the name a
  // download is saved under. Bambu names are whole already ("Benchy.gcode.3mf" stays that).
  return {
    name: entry.name,
    path,
    ...(entry.size !== undefined && !entry.isDirectory ? { size: entry.size } : {}),
    ...(entry.modified ? { modified: entry.modified } : {}),
    type,
    ...(type === "print" || type === "model" ? { thumbnailRef: `${path}#Metadata/plate_1.png` } : {}),
  };
}
