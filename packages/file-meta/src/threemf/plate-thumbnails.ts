// The picture of each plate: the larger of Metadata/plate_N.png and plate_N_small.png (real PNGs
// of at most 4 MB each), with a budget over all plates so a 1000-plate file cannot fill memory.
import type { ThumbnailImage } from "../metadata";
import { MAX_THUMBNAIL_BYTES, pngSize } from "../thumbnails";
import type { Warnings } from "../validate";
import type { SafeZip } from "./safe-zip";

const TOTAL_THUMBNAIL_BYTES = 64 * 1024 * 1024;

export async function plateThumbnails(
  zip: SafeZip,
  plates: number[],
  warnings: Warnings,
): Promise<ThumbnailImage[]> {
  const out: ThumbnailImage[] = [];
  let total = 0;
  for (const plate of plates) {
    let best: ThumbnailImage | undefined;
    for (const name of [`Metadata/plate_${plate}.png`, `Metadata/plate_${plate}_small.png`]) {
      const entry = zip.entries.get(name);
      if (!entry) continue;
      if (entry.uncompressedSize > MAX_THUMBNAIL_BYTES) {
        warnings.add(`${name} is larger than 4 MB and was left out`);
        continue;
      }
      if (total + entry.uncompressedSize > TOTAL_THUMBNAIL_BYTES) {
        warnings.add("the plate pictures together exceed 64 MB; the rest were left out");
        return out;
      }
      const data = await zip.read(name, MAX_THUMBNAIL_BYTES);
      const size = data ? pngSize(data) : undefined;
      if (!data || !size) {
        warnings.add(`${name} is not a PNG image and was left out`);
        continue;
      }
      total += data.length;
      if (!best || size.width * size.height > best.width * best.height)
        best = { format: "png", width: size.width, height: size.height, data, plate };
    }
    if (best) out.push(best);
  }
  return out;
}
