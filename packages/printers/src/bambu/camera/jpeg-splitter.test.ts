import { describe, expect, it } from "vitest";
import { JpegSplitter, JpegStreamError } from "./jpeg-splitter";

function jpeg(size: number, fill: number): Buffer {
  const data = Buffer.alloc(size, fill);
  data.set([0xff, 0xd8], 0);
  data.set([0xff, 0xd9], size - 2);
  return data;
}

describe("JpegSplitter (ffmpeg image2pipe output)", () => {
  it("splits back-to-back JPEGs however the pipe cuts them, also between FF and D9", () => {
    const frames = [jpeg(100, 0x01), jpeg(7000, 0x02), jpeg(4, 0x03)];
    const stream = Buffer.concat(frames);
    for (const size of [1, 3, 99, 4096, stream.length]) {
      const splitter = new JpegSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) out.push(...splitter.push(stream.subarray(i, i + size)));
      expect(out.map((f) => f.length)).toEqual([100, 7000, 4]);
      expect(out.every((f, i) => f.equals(frames[i]!))).toBe(true);
    }
  });

  it("refuses a stream that is not JPEG, and a frame that never ends within the limit", () => {
    expect(() => new JpegSplitter().push(Buffer.from("[rtsp] error"))).toThrow(JpegStreamError);
    const splitter = new JpegSplitter(1000);
    expect(() => splitter.push(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(1200)]))).toThrow(
      /exceeded 1000 bytes/,
    );
  });
});
