// The camera stream's framing, the same on both hops: worker → web (one printer) and web → browser
// (one or more printers multiplexed by channel). Each message is a 6-byte header — type (1 = JPEG
// frame, 2 = state as JSON), channel (0..255), payload length (u32, big-endian) — then the payload.
// Pure (Uint8Array, DataView, TextEncoder): the browser decodes it too.
import { MAX_CAMERA_FRAME_BYTES } from "@printernizer/printers";

/** What a viewer is told about a camera, beside its frames. */
export interface CameraWireState {
  state: "connecting" | "live" | "error";
  /** A sentence for a person, with what to do next ("live view is off on the printer: turn on LAN live view"). */
  message?: string;
  /** When the next attempt is made, if one is. */
  retryInMs?: number;
  /** Why the camera cannot be watched at all (no retry): `no_camera`, `not_found`, `disabled`. */
  code?: "no_camera" | "not_found" | "disabled";
}

export type CameraMessage =
  | { type: "frame"; channel: number; jpeg: Uint8Array<ArrayBuffer>; at: number }
  | { type: "state"; channel: number; state: CameraWireState };

export const CAMERA_CONTENT_TYPE = "application/x-printernizer-camera";
const HEADER_BYTES = 6;
const FRAME = 1;
const STATE = 2;
/** A frame carries its capture time (ms since epoch, f64) before the JPEG. */
const FRAME_TIME_BYTES = 8;
const MAX_STATE_BYTES = 4096;

export function encodeFrame(channel: number, jpeg: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + FRAME_TIME_BYTES + jpeg.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME);
  view.setUint8(1, channel);
  view.setUint32(2, FRAME_TIME_BYTES + jpeg.length);
  view.setFloat64(HEADER_BYTES, at);
  out.set(jpeg, HEADER_BYTES + FRAME_TIME_BYTES);
  return out;
}

export function encodeState(channel: number, state: CameraWireState): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(state)).slice(0, MAX_STATE_BYTES);
  const out = new Uint8Array(HEADER_BYTES + json.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, STATE);
  view.setUint8(1, channel);
  view.setUint32(2, json.length);
  out.set(json, HEADER_BYTES);
  return out;
}

export class CameraWireError extends Error {}

function parseState(bytes: Uint8Array): CameraWireState {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<CameraWireState>;
  if (value.state !== "connecting" && value.state !== "live" && value.state !== "error")
    throw new CameraWireError("camera stream: unknown state");
  return {
    state: value.state,
    ...(typeof value.message === "string" ? { message: value.message.slice(0, 500) } : {}),
    ...(typeof value.retryInMs === "number" ? { retryInMs: value.retryInMs } : {}),
    ...(value.code === "no_camera" || value.code === "not_found" || value.code === "disabled"
      ? { code: value.code }
      : {}),
  };
}

/** Incremental decoder: feed chunks as they arrive, get whole messages. Throws on a malformed stream. */
export class CameraWireDecoder {
  private buffer: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): CameraMessage[] {
    this.buffer = this.buffer.length ? concat(this.buffer, chunk) : chunk;
    const out: CameraMessage[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= HEADER_BYTES) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + offset);
      const type = view.getUint8(0);
      const channel = view.getUint8(1);
      const length = view.getUint32(2);
      const max = type === FRAME ? FRAME_TIME_BYTES + MAX_CAMERA_FRAME_BYTES : MAX_STATE_BYTES;
      if ((type !== FRAME && type !== STATE) || length > max || (type === FRAME && length < FRAME_TIME_BYTES))
        throw new CameraWireError("camera stream: malformed message");
      if (this.buffer.length - offset < HEADER_BYTES + length) break;
      const start = offset + HEADER_BYTES;
      if (type === FRAME) {
        const at = view.getFloat64(HEADER_BYTES);
        const jpeg = this.buffer.slice(start + FRAME_TIME_BYTES, start + length);
        out.push({ type: "frame", channel, jpeg, at });
      } else {
        out.push({ type: "state", channel, state: parseState(this.buffer.subarray(start, start + length)) });
      }
      offset = start + length;
    }
    this.buffer = offset === this.buffer.length ? new Uint8Array(0) : this.buffer.slice(offset);
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
