// G-code (.gcode): the slicer's header comments (first MiB: thumbnails, Bambu/Orca header and
// config blocks) and footer comments (last 512 KiB: PrusaSlicer's statistics and config).
import { readHeadAndTail } from "../bounded-read";
import type { PrintFileContents } from "../metadata";
import { pickThumbnail } from "../thumbnails";
import { toFileMetadata, Warnings } from "../validate";
import { emptyComments, readComments } from "./comments";
import { draftFromSlicerFields } from "./slicer-fields";
import { assertLooksLikeGcode } from "./sniff";

export const GCODE_HEAD_BYTES = 1024 * 1024;
export const GCODE_TAIL_BYTES = 512 * 1024;

/** Lines of a window cut out of a file: a partial first line (tail) or last line (head) is dropped. */
export function windowLines(window: Buffer, cutStart: boolean, cutEnd: boolean): string[] {
  const lines = window
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  if (cutStart) lines.shift();
  if (cutEnd) lines.pop();
  return lines;
}

export async function readGcode(path: string): Promise<PrintFileContents> {
  const { size, head, tail } = await readHeadAndTail(path, GCODE_HEAD_BYTES, GCODE_TAIL_BYTES);
  assertLooksLikeGcode(head);
  const warnings = new Warnings();
  const comments = emptyComments();
  if (head.length + tail.length === size) {
    readComments(windowLines(Buffer.concat([head, tail]), false, false), comments, warnings);
  } else {
    readComments(windowLines(head, false, true), comments, warnings);
    readComments(windowLines(tail, true, false), comments, warnings);
  }
  const draft = draftFromSlicerFields(comments.values, comments.slicer, warnings);
  if (draft.estimatedSeconds === undefined && !comments.slicer)
    warnings.add("no slicer comments found: the file gives no estimated time, printer or filament");
  const metadata = toFileMetadata("gcode", draft, warnings);
  const thumbnail = pickThumbnail(comments.thumbnails);
  return { metadata, thumbnails: thumbnail ? [thumbnail] : [] };
}

/** Slicer comments of a G-code held in memory (a 3MF plate's G-code head). */
export function commentsOfText(text: string, warnings: Warnings) {
  const comments = emptyComments();
  readComments(text.split(/\r?\n/), comments, warnings);
  return comments;
}
