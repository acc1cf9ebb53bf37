// Which picture represents a file: the largest PNG, else the largest JPG. QOI (Prusa's small
// printer-screen previews) is never chosen: browsers cannot show it.
import type { ThumbnailImage } from "./metadata";

export const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

function isJpg(data: Buffer): boolean {
  return data[0] === 0xff && data[1] === 0xd8;
}

/** A PNG's width and height from its IHDR chunk, or undefined when it is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | undefined {
  if (!isPng(data) || data.length < 24 || data.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function area(image: ThumbnailImage): number {
  return image.width * image.height;
}

/** The largest real PNG, else the largest real JPG, of at most 4 MB; undefined when there is none. */
export function pickThumbnail(images: readonly ThumbnailImage[]): ThumbnailImage | undefined {
  const usable = images.filter(
    (image) =>
      image.data.length <= MAX_THUMBNAIL_BYTES &&
      ((image.format === "png" && isPng(image.data)) || (image.format === "jpg" && isJpg(image.data))),
  );
  for (const format of ["png", "jpg"] as const) {
    const candidates = usable.filter((image) => image.format === format);
    if (candidates.length > 0)
      return candidates.reduce((best, image) => (area(image) > area(best) ? image : best));
  }
  return undefined;
}
