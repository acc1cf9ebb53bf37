// The MQTT packet size guard: packets within the limit pass byte for byte, larger ones are
// dropped as they stream past, however the bytes are split into chunks.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { PacketSizeGuard } from "./bambu-packet-guard";

/** An MQTT PUBLISH-like packet: type byte 0x30, remaining length as a varint, then `length` bytes. */
function packet(length: number, fill: number): Buffer {
  const lengthBytes: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    lengthBytes.push(byte);
  } while (rest > 0);
  return Buffer.concat([Buffer.from([0x30, ...lengthBytes]), Buffer.alloc(length, fill)]);
}

async function through(chunks: Buffer[], limit: number): Promise<{ out: Buffer; oversize: number[] }> {
  const inner = new PassThrough();
  const oversize: number[] = [];
  const guard = new PacketSizeGuard(inner, limit, (n) => oversize.push(n));
  const received: Buffer[] = [];
  guard.on("data", (chunk: Buffer) => received.push(chunk));
  const ended = new Promise((resolve) => guard.on("end", resolve));
  for (const chunk of chunks) inner.write(chunk);
  inner.end();
  await ended;
  return { out: Buffer.concat(received), oversize };
}

describe("PacketSizeGuard", () => {
  const small = [packet(0, 0), packet(10, 1), packet(200, 2), packet(20_000, 3)];
  const big = packet(3_000_000, 9);
  const stream = Buffer.concat([small[0]!, small[1]!, big, small[2]!, big, small[3]!]);
  const expected = Buffer.concat(small);

  it("passes packets within the limit and drops larger ones, in one chunk", async () => {
    const { out, oversize } = await through([stream], 1_000_000);
    expect(out.equals(expected)).toBe(true);
    expect(oversize).toEqual([3_000_000, 3_000_000]);
  });

  it("does the same whatever the chunk boundaries (headers split across chunks)", async () => {
    const split = (buffer: Buffer, size: number) =>
      Array.from({ length: Math.ceil(buffer.length / size) }, (_, i) =>
        buffer.subarray(i * size, (i + 1) * size),
      );
    for (const size of [3, 7, 4_096, 65_537]) {
      const { out, oversize } = await through(split(stream, size), 1_000_000);
      expect(out.equals(expected)).toBe(true);
      expect(oversize).toHaveLength(2);
    }
    // Byte by byte around a dropped packet (kept small so a byte per chunk stays quick).
    const around = Buffer.concat([small[1]!, packet(5_000, 9), small[2]!]);
    const { out, oversize } = await through(split(around, 1), 1_000);
    expect(out.equals(Buffer.concat([small[1]!, small[2]!]))).toBe(true);
    expect(oversize).toEqual([5_000]);
  });

  it("fails the stream on a remaining length longer than four bytes", async () => {
    const inner = new PassThrough();
    const guard = new PacketSizeGuard(inner, 1_000, () => undefined);
    const failed = new Promise<Error>((resolve) => guard.on("error", resolve));
    guard.resume();
    inner.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect((await failed).message).toMatch(/malformed MQTT packet/);
  });
});
