// Minimal valid PNG encoder (8-bit RGB, no filter) for simulated print-file thumbnails.
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, crc]);
}

/** A width×height PNG whose pixels come from `pixel(x, y)` → [r, g, b]. */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A recognisable thumbnail: a coloured disc on a dark background, hue from `seed`. */
export function makeThumbnail(width: number, height: number, seed: number): Buffer {
  const hue: [number, number, number] = [(seed * 97) % 256, (seed * 57 + 120) % 256, (seed * 31 + 200) % 256];
  const cx = width / 2;
  const cy = height / 2;
  const r2 = (Math.min(width, height) * 0.4) ** 2;
  return makePng(width, height, (x, y) => ((x - cx) ** 2 + (y - cy) ** 2 <= r2 ? hue : [34, 34, 34]));
}
