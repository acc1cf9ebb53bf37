import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BlockType, bgcodeThumbnails, buildBgcode, parseBgcode } from "./bgcode";
import { makeThumbnail } from "./png";

describe("bgcode container", () => {
  const small = makeThumbnail(16, 16, 1);
  const large = makeThumbnail(64, 48, 1);
  const file = buildBgcode({
    printerMetadata: { printer_model: "MK4", filament_type: "PLA" },
    printMetadata: { "estimated printing time (normal mode)": "10m 0s" },
    slicerMetadata: { layer_height: "0.2" },
    thumbnails: [
      { width: 16, height: 16, png: small },
      { width: 64, height: 48, png: large },
    ],
    gcode: "G28\nG1 X10 Y10\n",
  });

  it("starts with the GCDE header, version 1, CRC32 checksums", () => {
    expect(file.toString("ascii", 0, 4)).toBe("GCDE");
    expect(file.readUInt32LE(4)).toBe(1);
    expect(file.readUInt16LE(8)).toBe(1);
  });

  it("lays the blocks out in libbgcode order with valid CRCs", () => {
    const blocks = parseBgcode(file);
    expect(blocks.map((b) => b.type)).toEqual([
      BlockType.FileMetadata,
      BlockType.PrinterMetadata,
      BlockType.Thumbnail,
      BlockType.Thumbnail,
      BlockType.PrintMetadata,
      BlockType.SlicerMetadata,
      BlockType.GCode,
    ]);
    expect(blocks.every((b) => b.crcOk)).toBe(true);
    expect(blocks[1]!.data.toString()).toBe("printer_model=MK4\nfilament_type=PLA\n");
  });

  it("embeds PNG thumbnails that decode to the declared size", () => {
    const thumbs = bgcodeThumbnails(file);
    expect(thumbs.map((t) => [t.width, t.height])).toEqual([
      [16, 16],
      [64, 48],
    ]);
    const png = thumbs[1]!.png;
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(64);
    expect(png.readUInt32BE(20)).toBe(48);
    const idatLength = png.readUInt32BE(33);
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(48 * (1 + 64 * 3));
  });

  it("detects a corrupted block", () => {
    const broken = Buffer.from(file);
    broken[20] = broken[20]! ^ 0xff;
    expect(parseBgcode(broken).some((b) => !b.crcOk)).toBe(true);
  });
});
