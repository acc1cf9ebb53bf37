// Builds Prusa binary G-code (.bgcode) files as libbgcode lays them out: file header
// ("GCDE", version 1, checksum type CRC32), then blocks — file metadata, printer metadata,
// thumbnails, print metadata, slicer metadata, G-code — each with a block header
// (type u16, compression u16, uncompressed size u32), block parameters (encoding u16, or for
// thumbnails format/width/height u16), data, and a CRC32 over header+parameters+data.
// All integers little-endian. Blocks are stored uncompressed (compression 0), which the format allows.
import { crc32 } from "node:zlib";

export const BGCODE_MAGIC = "GCDE";
export const BlockType = {
  FileMetadata: 0,
  GCode: 1,
  SlicerMetadata: 2,
  PrinterMetadata: 3,
  PrintMetadata: 4,
  Thumbnail: 5,
} as const;
export const ThumbnailFormat = { PNG: 0, JPG: 1, QOI: 2 } as const;

export interface BgcodeThumbnail {
  width: number;
  height: number;
  png: Buffer;
}

export interface BgcodeInput {
  fileMetadata?: Record<string, string>;
  printerMetadata: Record<string, string>;
  printMetadata: Record<string, string>;
  slicerMetadata: Record<string, string>;
  thumbnails: BgcodeThumbnail[];
  gcode: string;
}

function ini(values: Record<string, string>): Buffer {
  return Buffer.from(
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
    "utf8",
  );
}

function block(type: number, params: Buffer, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(type, 0);
  header.writeUInt16LE(0, 2); // no compression
  header.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([header, params, data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32(body) >>> 0);
  return Buffer.concat([body, crc]);
}

function encodingParam(encoding = 0): Buffer {
  const params = Buffer.alloc(2);
  params.writeUInt16LE(encoding); // 0 = INI for metadata, none for G-code
  return params;
}

export function buildBgcode(input: BgcodeInput): Buffer {
  const header = Buffer.alloc(10);
  header.write(BGCODE_MAGIC, 0, "ascii");
  header.writeUInt32LE(1, 4); // version
  header.writeUInt16LE(1, 8); // checksum: CRC32
  const blocks = [
    block(
      BlockType.FileMetadata,
      encodingParam(),
      ini(input.fileMetadata ?? { Producer: "PrusaSlicer 2.8.1" }),
    ),
  ];
  blocks.push(block(BlockType.PrinterMetadata, encodingParam(), ini(input.printerMetadata)));
  for (const thumb of input.thumbnails) {
    const params = Buffer.alloc(6);
    params.writeUInt16LE(ThumbnailFormat.PNG, 0);
    params.writeUInt16LE(thumb.width, 2);
    params.writeUInt16LE(thumb.height, 4);
    blocks.push(block(BlockType.Thumbnail, params, thumb.png));
  }
  blocks.push(block(BlockType.PrintMetadata, encodingParam(), ini(input.printMetadata)));
  blocks.push(block(BlockType.SlicerMetadata, encodingParam(), ini(input.slicerMetadata)));
  blocks.push(block(BlockType.GCode, encodingParam(), Buffer.from(input.gcode, "utf8")));
  return Buffer.concat([header, ...blocks]);
}

export interface ParsedBlock {
  type: number;
  params: Buffer;
  data: Buffer;
  crcOk: boolean;
}

/** Reads an uncompressed bgcode file back (for tests and for serving thumbnails of uploads). */
export function parseBgcode(file: Buffer): ParsedBlock[] {
  if (file.toString("ascii", 0, 4) !== BGCODE_MAGIC) throw new Error("not a bgcode file");
  const checksum = file.readUInt16LE(8);
  const blocks: ParsedBlock[] = [];
  let offset = 10;
  while (offset < file.length) {
    const start = offset;
    const type = file.readUInt16LE(offset);
    const compression = file.readUInt16LE(offset + 2);
    const size = file.readUInt32LE(offset + 4);
    offset += 8;
    if (compression !== 0) {
      offset += 4; // compressed size; we do not decompress
    }
    const paramsLength = type === BlockType.Thumbnail ? 6 : 2;
    const params = file.subarray(offset, offset + paramsLength);
    offset += paramsLength;
    const data = file.subarray(offset, offset + size);
    offset += size;
    let crcOk = true;
    if (checksum === 1) {
      crcOk = crc32(file.subarray(start, offset)) >>> 0 === file.readUInt32LE(offset);
      offset += 4;
    }
    blocks.push({ type, params, data, crcOk });
  }
  return blocks;
}

export function bgcodeThumbnails(file: Buffer): BgcodeThumbnail[] {
  return parseBgcode(file)
    .filter((b) => b.type === BlockType.Thumbnail && b.params.readUInt16LE(0) === ThumbnailFormat.PNG)
    .map((b) => ({
      width: b.params.readUInt16LE(2),
      height: b.params.readUInt16LE(4),
      png: Buffer.from(b.data),
    }));
}
