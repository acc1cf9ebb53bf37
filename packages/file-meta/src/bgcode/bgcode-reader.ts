// Binary G-code (.bgcode), as libbgcode's doc/specifications.md lays it out: a 10-byte file header
// ("GCDE", version u32, checksum type u16: 0 none, 1 CRC32), then blocks, each a header (type u16,
// compression u16, uncompressed size u32, + compressed size u32 when compressed), parameters
// (thumbnail: format/width/height u16; others: encoding u16), data, and a CRC32 over all of it.
// Metadata and thumbnail blocks are read (CRC checked, deflate inflated); G-code blocks are only
// stepped over, to the end, so a truncated file is noticed without reading the G-code.
import { open, type FileHandle } from "node:fs/promises";
import { crc32, inflateSync } from "node:zlib";
import { readAt } from "../bounded-read";
import { draftFromSlicerFields } from "../gcode/slicer-fields";
import { UnreadablePrintFileError, type PrintFileContents, type ThumbnailImage } from "../metadata";
import { MAX_THUMBNAIL_BYTES, pickThumbnail } from "../thumbnails";
import { toFileMetadata, Warnings } from "../validate";
import { parseIni } from "./ini";

export const BLOCK = {
  fileMetadata: 0,
  gcode: 1,
  slicerMetadata: 2,
  printerMetadata: 3,
  printMetadata: 4,
  thumbnail: 5,
};
const COMPRESSION_NAMES = ["none", "deflate", "heatshrink 11/4", "heatshrink 12/4"];
const THUMBNAIL_FORMATS = ["png", "jpg", "qoi"] as const;
/** Metadata blocks are a few KB (slicer metadata, the whole config, some tens of KB). */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;
const MAX_BLOCKS = 1_000_000;

const truncated = () =>
  new UnreadablePrintFileError(
    "truncated",
    "This binary G-code file is cut off (incomplete upload or copy): export or copy it again.",
  );
const corrupt = (what: string) =>
  new UnreadablePrintFileError(
    "corrupt",
    `This binary G-code file is damaged (${what}): export it again from the slicer.`,
  );

interface Block {
  type: number;
  compression: number;
  uncompressedSize: number;
  params: Buffer;
  /** Offset of the block's data and its stored length. */
  dataAt: number;
  dataSize: number;
  /** Offset of the whole block and its length without the checksum. */
  at: number;
  length: number;
}

async function readBlockHeader(handle: FileHandle, at: number, size: number): Promise<Block> {
  const fixed = await readAt(handle, at, 8);
  if (fixed.length < 8) throw truncated();
  const type = fixed.readUInt16LE(0);
  const compression = fixed.readUInt16LE(2);
  const uncompressedSize = fixed.readUInt32LE(4);
  if (type > 5) throw corrupt(`unknown block type ${type} at byte ${at}`);
  if (compression > 3) throw corrupt(`unknown compression ${compression} at byte ${at}`);
  let headerSize = 8;
  let dataSize = uncompressedSize;
  if (compression !== 0) {
    const compressed = await readAt(handle, at + 8, 4);
    if (compressed.length < 4) throw truncated();
    dataSize = compressed.readUInt32LE(0);
    headerSize = 12;
  }
  const paramsSize = type === BLOCK.thumbnail ? 6 : 2;
  const params = await readAt(handle, at + headerSize, paramsSize);
  if (params.length < paramsSize) throw truncated();
  const dataAt = at + headerSize + paramsSize;
  if (dataAt + dataSize > size) throw truncated();
  return {
    type,
    compression,
    uncompressedSize,
    params,
    dataAt,
    dataSize,
    at,
    length: headerSize + paramsSize + dataSize,
  };
}

/** The block's data, checksum verified and inflated. */
async function blockData(handle: FileHandle, block: Block, checksummed: boolean): Promise<Buffer> {
  const whole = await readAt(handle, block.at, block.length + (checksummed ? 4 : 0));
  if (whole.length < block.length + (checksummed ? 4 : 0)) throw truncated();
  if (checksummed && crc32(whole.subarray(0, block.length)) >>> 0 !== whole.readUInt32LE(block.length))
    throw corrupt(`checksum mismatch in a ${blockName(block.type)} block`);
  const data = whole.subarray(block.length - block.dataSize, block.length);
  if (block.compression === 0) return data;
  if (block.compression !== 1)
    throw new UnreadablePrintFileError(
      "unsupported_format",
      `This binary G-code stores its ${blockName(block.type)} with ${COMPRESSION_NAMES[block.compression]} compression, which Printernizer does not read: export it again with PrusaSlicer's default binary G-code settings.`,
    );
  try {
    const inflated = inflateSync(data, { maxOutputLength: Math.max(block.uncompressedSize, 1) });
    if (inflated.length !== block.uncompressedSize) throw new Error("size differs from the header");
    return inflated;
  } catch {
    throw corrupt(`a ${blockName(block.type)} block does not inflate`);
  }
}

function blockName(type: number): string {
  return (
    ["file metadata", "G-code", "slicer metadata", "printer metadata", "print metadata", "thumbnail"][type] ??
    "unknown"
  );
}

export async function readBgcode(path: string): Promise<PrintFileContents> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const header = await readAt(handle, 0, 10);
    if (header.subarray(0, 4).toString("latin1") !== "GCDE")
      throw new UnreadablePrintFileError(
        "corrupt",
        "This is not a binary G-code file (it does not start with GCDE): upload the .bgcode your slicer exported.",
      );
    if (header.length < 10) throw truncated();
    const version = header.readUInt32LE(4);
    const checksumType = header.readUInt16LE(8);
    if (version !== 1) throw corrupt(`binary G-code version ${version}, only version 1 exists`);
    if (checksumType > 1) throw corrupt(`unknown checksum type ${checksumType}`);
    const checksummed = checksumType === 1;

    const warnings = new Warnings();
    const values = new Map<string, string>();
    // only the best picture so far is kept: a file of many large thumbnail blocks cannot fill memory
    let thumbnail: ThumbnailImage | undefined;
    let at = 10;
    let blocks = 0;
    while (at < size) {
      if (++blocks > MAX_BLOCKS) throw corrupt("more blocks than any real file has");
      const block = await readBlockHeader(handle, at, size);
      at = block.dataAt + block.dataSize + (checksummed ? 4 : 0);
      if (at > size) throw truncated();
      if (block.type === BLOCK.gcode) continue;
      if (block.type === BLOCK.thumbnail) {
        if (block.uncompressedSize > MAX_THUMBNAIL_BYTES || block.dataSize > MAX_THUMBNAIL_BYTES) {
          warnings.add("a thumbnail larger than 4 MB was left out");
          continue;
        }
        const format = THUMBNAIL_FORMATS[block.params.readUInt16LE(0)];
        const data = await blockData(handle, block, checksummed).catch((error: unknown) => {
          if (!(error instanceof UnreadablePrintFileError && error.reason === "unsupported_format"))
            throw error;
          warnings.add(
            `a thumbnail stored with ${COMPRESSION_NAMES[block.compression]} compression was left out`,
          );
          return undefined;
        });
        if (format && data) {
          const image = {
            format,
            width: block.params.readUInt16LE(2),
            height: block.params.readUInt16LE(4),
            data,
          };
          thumbnail = pickThumbnail(thumbnail ? [thumbnail, image] : [image]);
        }
        continue;
      }
      if (block.uncompressedSize > MAX_METADATA_BYTES || block.dataSize > MAX_METADATA_BYTES)
        throw corrupt(`a ${blockName(block.type)} block claims ${block.uncompressedSize} bytes`);
      const encoding = block.params.readUInt16LE(0);
      if (encoding !== 0) {
        warnings.add(`a ${blockName(block.type)} block has unknown encoding ${encoding} and was skipped`);
        continue;
      }
      for (const [key, value] of parseIni(await blockData(handle, block, checksummed)))
        if (!values.has(key)) values.set(key, value);
    }
    if (blocks === 0) throw truncated();
    if (values.size === 0)
      warnings.add("the file has no metadata blocks: no estimated time, printer or filament");
    const metadata = toFileMetadata(
      "bgcode",
      draftFromSlicerFields(values, values.get("producer"), warnings),
      warnings,
    );
    return { metadata, thumbnails: thumbnail ? [thumbnail] : [] };
  } finally {
    await handle.close();
  }
}
