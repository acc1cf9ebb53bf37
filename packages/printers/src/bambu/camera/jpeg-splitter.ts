// Splits ffmpeg's `image2pipe` MJPEG output (JPEGs back to back, no framing) into whole JPEGs.
// A frame starts with SOI (FF D8) and ends at the first EOI (FF D9) after it. ffmpeg's mjpeg
// encoder writes no embedded thumbnail, so the first EOI is the frame's own; entropy-coded data
// never contains FF D9 (a data FF is always followed by 00).
import { MAX_CAMERA_FRAME_BYTES } from "../../core/camera";

export class JpegStreamError extends Error {}

export class JpegSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where the EOI search continues in `pending` (bytes before it were searched already). */
  private searchFrom = 2;

  constructor(private readonly maxFrameBytes = MAX_CAMERA_FRAME_BYTES) {}

  /** The frames this chunk completes; throws JpegStreamError when the stream is not JPEGs or a frame is too big. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      if (this.pending.length < 2) return frames;
      if (this.pending[0] !== 0xff || this.pending[1] !== 0xd8)
        throw new JpegStreamError("the video converter sent something that is not a JPEG image");
      const end = this.pending.indexOf(EOI, Math.max(2, this.searchFrom - 1));
      if (end < 0) {
        if (this.pending.length > this.maxFrameBytes)
          throw new JpegStreamError(`a frame exceeded ${this.maxFrameBytes} bytes`);
        this.searchFrom = this.pending.length;
        return frames;
      }
      frames.push(Buffer.from(this.pending.subarray(0, end + 2)));
      this.pending = this.pending.subarray(end + 2);
      this.searchFrom = 2;
      if (frames.at(-1)!.length > this.maxFrameBytes)
        throw new JpegStreamError(`a frame exceeded ${this.maxFrameBytes} bytes`);
    }
  }
}

const EOI = Buffer.from([0xff, 0xd9]);
