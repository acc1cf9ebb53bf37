// The camera contract: how the worker asks an adapter for a printer's live picture.
// Printers allow very few camera connections, so the worker opens at most one `CameraStream`
// per printer, only while somebody watches, and fans its frames out itself (apps/worker/src/camera).

/** What the printer says about its camera, carried in `PrinterStatus.camera`. */
export type CameraLiveView = "on" | "off" | "unknown";

export interface CameraInfo {
  /** How frames are fetched: Bambu P1/A1 JPEG over TLS on 6000, X1/H2/P2 RTSPS on 322 (through ffmpeg). */
  transport: "chamber_image" | "rtsps";
  /** Bambu `ipcam.rtsp_url == "disable"` (LAN live view switched off on the printer) is "off". */
  liveView: CameraLiveView;
}

export type CameraStreamState =
  /** Opening the upstream (TLS handshake, auth packet, ffmpeg starting). */
  | { state: "connecting" }
  /** Frames are arriving. */
  | { state: "live" }
  /**
   * The upstream failed or closed; `message` is a sentence for a person ("live view is off on the
   * printer: turn on LAN live view", "the printer refused the access code", "connection refused").
   * The stream retries by itself with backoff until closed; `retryInMs` says when.
   */
  | { state: "error"; message: string; retryInMs?: number };

export interface CameraHandler {
  /** One whole JPEG (starts FF D8, ends FF D9). Called at the printer's pace; never with a partial frame. */
  onFrame(jpeg: Buffer): void;
  onState(state: CameraStreamState): void;
}

/** One upstream camera connection. `close` stops it and every retry; safe to call twice. */
export interface CameraStream {
  close(): Promise<void>;
}

/** Implemented by adapters of printers that have a camera (`kinds` capability `camera`). */
export interface CameraCapable {
  openCamera(handler: CameraHandler): CameraStream;
}

/** Largest JPEG accepted from a printer (a 1080p frame is ~300 kB): anything bigger is a protocol error. */
export const MAX_CAMERA_FRAME_BYTES = 4 * 1024 * 1024;
