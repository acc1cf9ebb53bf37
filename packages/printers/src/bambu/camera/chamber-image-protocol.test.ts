import { describe, expect, it } from "vitest";
import { MAX_CAMERA_FRAME_BYTES } from "../../core/camera";
import {
  chamberImageAuthPacket,
  chamberImageFrameHeader,
  ChamberImageParser,
  ChamberImageProtocolError,
} from "./chamber-image-protocol";

/** A fake JPEG of `size` bytes: SOI, filler, EOI. */
function jpeg(size: number, fill = 0x11): Buffer {
  const data = Buffer.alloc(size, fill);
  data[0] = 0xff;
  data[1] = 0xd8;
  data[size - 2] = 0xff;
  data[size - 1] = 0xd9;
  return data;
}

const framed = (frame: Buffer) => Buffer.concat([chamberImageFrameHeader(frame.length), frame]);

describe("the chamber-image auth packet", () => {
  it("is 80 bytes: 0x40, 0x3000, two zero words, bblp and the access code NUL-padded", () => {
    const packet = chamberImageAuthPacket("12345678");
    expect(packet.length).toBe(80);
    expect([0, 4, 8, 12].map((o) => packet.readUInt32LE(o))).toEqual([0x40, 0x3000, 0, 0]);
    expect(packet.subarray(16, 48).toString("utf8").replace(/\0+$/, "")).toBe("bblp");
    expect(packet.subarray(48, 80).toString("utf8").replace(/\0+$/, "")).toBe("12345678");
  });
});

describe("ChamberImageParser", () => {
  it("reassembles a frame whose header arrives alone and whose JPEG arrives in 4 KiB records", () => {
    const frame = jpeg(10_000);
    const parser = new ChamberImageParser();
    expect(parser.push(chamberImageFrameHeader(frame.length))).toEqual([]);
    const out: Buffer[] = [];
    for (let i = 0; i < frame.length; i += 4096) out.push(...parser.push(frame.subarray(i, i + 4096)));
    expect(out).toHaveLength(1);
    expect(out[0]!.equals(frame)).toBe(true);
  });

  it("splits anywhere: one byte at a time, and two frames in one record", () => {
    const a = jpeg(300, 0x22);
    const b = jpeg(500, 0x33);
    const stream = Buffer.concat([framed(a), framed(b)]);
    const bytewise = new ChamberImageParser();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...bytewise.push(stream.subarray(i, i + 1)));
    expect(out.map((f) => f.length)).toEqual([300, 500]);
    expect(out[1]!.equals(b)).toBe(true);
    const together = new ChamberImageParser().push(stream);
    expect(together.map((f) => f.equals(a) || f.equals(b))).toEqual([true, true]);
  });

  it("a header split across records is read whole", () => {
    const frame = framed(jpeg(64));
    const parser = new ChamberImageParser();
    expect(parser.push(frame.subarray(0, 7))).toEqual([]);
    expect(parser.push(frame.subarray(7, 20))).toEqual([]);
    expect(parser.push(frame.subarray(20))).toHaveLength(1);
  });

  it("refuses an oversize announcement at once, before buffering the payload", () => {
    const parser = new ChamberImageParser();
    expect(() => parser.push(chamberImageFrameHeader(MAX_CAMERA_FRAME_BYTES + 1))).toThrow(
      ChamberImageProtocolError,
    );
    expect(() => new ChamberImageParser().push(chamberImageFrameHeader(0))).toThrow(/0 bytes/);
  });

  it("refuses an error word and a payload that is not a JPEG", () => {
    const error = chamberImageFrameHeader(10);
    error.writeUInt32LE(0xffffffff, 4);
    expect(() => new ChamberImageParser().push(error)).toThrow(/error instead of a frame/);
    const notJpeg = Buffer.alloc(50, 0x41);
    expect(() => new ChamberImageParser().push(framed(notJpeg))).toThrow(/not a JPEG/);
  });
});
