// MQTT 3.1.1 has no maximum packet size (MQTT.js enforces `maximumPacketSize` on v5 only), and
// its parser buffers a whole packet, up to 256 MB, before anyone can look at it. This stream sits
// between the printer's TLS socket and MQTT.js: it reads each packet's fixed header and lets the
// packet through, or drops its bytes as they arrive (never buffering them) when it is larger than
// the limit, so a 6 MB or 250 MB report costs nothing but a protocol error. The connection stays.
import { Duplex } from "node:stream";

/** Fixed header: one type byte, then the remaining length in 1–4 bytes of 7 bits. */
const MAX_LENGTH_BYTES = 4;

type State =
  { phase: "header"; head: number[] } | { phase: "pass"; left: number } | { phase: "skip"; left: number };

export class PacketSizeGuard extends Duplex {
  private packet: State = { phase: "header", head: [] };

  constructor(
    private readonly inner: Duplex,
    private readonly maxPacketBytes: number,
    private readonly onOversize: (remainingLength: number) => void,
  ) {
    super();
    inner.on("data", (chunk: Buffer) => {
      let out: Buffer;
      try {
        out = this.keepWithinLimit(chunk);
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      if (out.length > 0 && !this.push(out)) inner.pause();
    });
    inner.on("end", () => this.push(null));
    inner.on("error", (error) => this.destroy(error));
    inner.on("close", () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }

  /** The bytes of `chunk` that belong to packets within the limit. */
  private keepWithinLimit(chunk: Buffer): Buffer {
    const kept: Buffer[] = [];
    let at = 0;
    while (at < chunk.length) {
      const state = this.packet;
      if (state.phase === "pass" || state.phase === "skip") {
        const take = Math.min(state.left, chunk.length - at);
        if (state.phase === "pass") kept.push(chunk.subarray(at, at + take));
        at += take;
        state.left -= take;
        if (state.left === 0) this.packet = { phase: "header", head: [] };
        continue;
      }
      state.head.push(chunk[at]!);
      at += 1;
      if (state.head.length < 2) continue;
      const last = state.head[state.head.length - 1]!;
      if (last & 0x80) {
        if (state.head.length > MAX_LENGTH_BYTES)
          throw new Error("malformed MQTT packet: remaining length longer than 4 bytes");
        continue;
      }
      let remaining = 0;
      for (let i = state.head.length - 1; i >= 1; i--) remaining = remaining * 128 + (state.head[i]! & 0x7f);
      if (1 + (state.head.length - 1) + remaining > this.maxPacketBytes) {
        this.onOversize(remaining);
        this.packet = remaining > 0 ? { phase: "skip", left: remaining } : { phase: "header", head: [] };
      } else {
        kept.push(Buffer.from(state.head));
        this.packet = remaining > 0 ? { phase: "pass", left: remaining } : { phase: "header", head: [] };
      }
    }
    return kept.length === 1 ? kept[0]! : Buffer.concat(kept);
  }
}
