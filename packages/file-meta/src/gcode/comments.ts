// Reads slicer comments out of G-code text: `; key = value` (PrusaSlicer, OrcaSlicer, Bambu Studio
// config), `; key: value` and `;KEY:value` (Bambu header block, Cura), the slicer line, and the
// base64 thumbnail blocks (`; thumbnail begin WxH N`, `thumbnail_JPG`, `thumbnail_QOI`).
import type { ThumbnailImage } from "../metadata";
import { MAX_THUMBNAIL_BYTES, pngSize } from "../thumbnails";
import type { Warnings } from "../validate";

/** Slicer comments by lower-case key (first occurrence wins), the slicer line and thumbnails. */
export interface CommentFields {
  values: Map<string, string>;
  slicer?: string;
  thumbnails: ThumbnailImage[];
}

const MAX_KEYS = 20_000;
const MAX_VALUE = 4_096;

const THUMBNAIL_BEGIN =
  /^;\s*thumbnail(?:_(JPG|QOI|PNG))?\s+begin\s+(\d{1,5})\s*[x ]\s*(\d{1,5})\s+(\d{1,9})/i;
const THUMBNAIL_END = /^;\s*thumbnail(?:_(?:JPG|QOI|PNG))?\s+end\b/i;
const GENERATED_BY = /^;\s*generated (?:by|with) (.+?)(?:\s+on\s+\d{4}-\d\d-\d\d.*)?$/i;
// Bambu Studio / Orca header block: "; BambuStudio 01.09.07.52" right after "; HEADER_BLOCK_START".
const BARE_SLICER =
  /^;\s*((?:BambuStudio|OrcaSlicer|PrusaSlicer|SuperSlicer|Snapmaker[\w ]*)[ -]v?\d[\w.+-]*)\s*$/;
const KEY_EQUALS = /^;\s*([^=:;]{1,80}?)\s*=\s?(.*)$/;
const KEY_COLON = /^;\s*([^=:;]{1,80}?)\s*:\s?(.*)$/;

interface OpenThumbnail {
  format: ThumbnailImage["format"];
  width: number;
  height: number;
  base64: string[];
  length: number;
}

function formatOf(tag: string | undefined): ThumbnailImage["format"] {
  if (tag?.toUpperCase() === "JPG") return "jpg";
  if (tag?.toUpperCase() === "QOI") return "qoi";
  return "png";
}

/** Adds the comments of `lines` to `into` (call it for the head, then the tail of a file). */
export function readComments(lines: Iterable<string>, into: CommentFields, warnings: Warnings): void {
  let open: OpenThumbnail | undefined;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (!line.startsWith(";")) continue;
    if (open) {
      if (THUMBNAIL_END.test(line)) {
        const data = Buffer.from(open.base64.join(""), "base64");
        // A PNG's own header tells its size better than the comment does.
        const size = open.format === "png" ? pngSize(data) : undefined;
        if (data.length > 0 && data.length <= MAX_THUMBNAIL_BYTES)
          into.thumbnails.push({
            format: open.format,
            width: open.width,
            height: open.height,
            ...size,
            data,
          });
        open = undefined;
      } else {
        const chunk = line.replace(/^;\s?/, "");
        open.length += chunk.length;
        if (open.length > (MAX_THUMBNAIL_BYTES * 4) / 3 + 4) {
          warnings.add(`a ${open.width}x${open.height} thumbnail is larger than 4 MB and was left out`);
          open = undefined;
        } else open.base64.push(chunk);
      }
      continue;
    }
    const begin = THUMBNAIL_BEGIN.exec(line);
    if (begin) {
      const [, tag, width, height] = begin;
      open = { format: formatOf(tag), width: Number(width), height: Number(height), base64: [], length: 0 };
      continue;
    }
    if (!into.slicer) {
      const slicer = GENERATED_BY.exec(line)?.[1] ?? BARE_SLICER.exec(line)?.[1];
      if (slicer) {
        into.slicer = slicer;
        continue;
      }
    }
    const pair = KEY_EQUALS.exec(line) ?? KEY_COLON.exec(line);
    if (!pair) continue;
    const key = pair[1]!.trim().toLowerCase();
    if (!key || into.values.has(key) || into.values.size >= MAX_KEYS) continue;
    into.values.set(key, pair[2]!.trim().slice(0, MAX_VALUE));
  }
  if (open) warnings.add(`a ${open.width}x${open.height} thumbnail is cut off and was left out`);
}

export function emptyComments(): CommentFields {
  return { values: new Map(), thumbnails: [] };
}
