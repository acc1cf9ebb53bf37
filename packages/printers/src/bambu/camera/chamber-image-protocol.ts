// The P1/A1 "chamber image" protocol on TLS port 6000 (../shared/protocols/bambu-lan.md § 5):
// the client sends one 80-byte auth packet; the printer answers with frames, each a 16-byte
// little-endian header (u32 payload length, u32 itrack 0, u32 flags 1, u32 0) and then that many
// bytes of JPEG. TLS records split this anywhere: the header alone, the JPEG in 4 KiB pieces.
import { MAX_CAMERA_FRAME_BYTES } from "../../core/camera";

export const CHAMBER_IMAGE_HEADER_BYTES = 16;
const AUTH_PACKET_BYTES = 80;
const FIELD_BYTES = 32;

/** `u32 0x40 | u32 0x3000 | u32 0 | u32 0 | "bblp" NUL-padded to 32 | access code NUL-padded to 32`. */
export function chamberImageAuthPacket(accessCode: string): Buffer {
  const code = Buffer.from(accessCode, "utf8");
  if (code.length > FIELD_BYTES) throw new Error(`the access code is longer than ${FIELD_BYTES} bytes`);
  const packet = Buffer.alloc(AUTH_PACKET_BYTES);
  packet.writeUInt32LE(0x40, 0);
  packet.writeUInt32LE(0x3000, 4);
  packet.write("bblp", 16, "utf8");
  code.copy(packet, 16 + FIELD_BYTES);
  return packet;
}

/** The 16-byte header the printer sends before each frame (for tests that play the printer). */
export function chamberImageFrameHeader(payloadBytes: number): Buffer {
  const header = Buffer.alloc(CHAMBER_IMAGE_HEADER_BYTES);
  header.writeUInt32LE(payloadBytes, 0);
  header.writeUInt32LE(0, 4);
  header.writeUInt32LE(1, 8);
  return header;
}

/** A stream that is not the chamber-image protocol (the caller closes the connection and retries). */
export class ChamberImageProtocolError extends Error {}

/**
 * Reassembles frames from the bytes as they arrive. `push` returns the whole JPEGs completed by
 * this chunk and throws ChamberImageProtocolError on a length of 0 or above
 * MAX_CAMERA_FRAME_BYTES, an error word (0xFFFFFFFF) or a payload that is not a JPEG.
 */
export class ChamberImageParser {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes = MAX_CAMERA_FRAME_BYTES) {}

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < CHAMBER_IMAGE_HEADER_BYTES) return frames;
      const header = this.peek(CHAMBER_IMAGE_HEADER_BYTES);
      const length = header.readUInt32LE(0);
      if (header.readUInt32LE(4) === 0xffffffff)
        throw new ChamberImageProtocolError("the printer answered with an error instead of a frame");
      if (length === 0 || length > this.maxFrameBytes)
        throw new ChamberImageProtocolError(
          `the printer announced a frame of ${length} bytes (the limit is ${this.maxFrameBytes})`,
        );
      if (this.buffered < CHAMBER_IMAGE_HEADER_BYTES + length) return frames;
      const frame = this.take(CHAMBER_IMAGE_HEADER_BYTES + length).subarray(CHAMBER_IMAGE_HEADER_BYTES);
      if (!isWholeJpeg(frame))
        throw new ChamberImageProtocolError("the printer sent a frame that is not a JPEG image");
      frames.push(frame);
    }
  }

  private peek(bytes: number): Buffer {
    if (this.chunks[0]!.length < bytes) this.join();
    return this.chunks[0]!.subarray(0, bytes);
  }

  private take(bytes: number): Buffer {
    if (this.chunks[0]!.length < bytes) this.join();
    const first = this.chunks[0]!;
    // A copy: the frame outlives this parser's buffers and must not pin a larger chunk.
    const taken = Buffer.from(first.subarray(0, bytes));
    if (first.length === bytes) this.chunks.shift();
    else this.chunks[0] = first.subarray(bytes);
    this.buffered -= bytes;
    return taken;
  }

  private join(): void {
    const all = Buffer.concat(this.chunks, this.buffered);
    this.chunks.length = 0;
    this.chunks.push(all);
  }
}

/** Starts with SOI (FF D8) and ends with EOI (FF D9). */
export function isWholeJpeg(data: Buffer): boolean {
  const n = data.length;
  return n >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[n - 2] === 0xff && data[n - 1] === 0xd9;
}
