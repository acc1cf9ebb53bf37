// One upstream camera connection per printer, only while somebody watches. The first viewer of a
// printer opens `adapter.openCamera` (only a worker that runs the printer has its adapter), later
// viewers share it; the last one leaving closes it after `lingerMs` (a reload or the next snapshot
// finds it still open). The latest frame and state are kept for new viewers and snapshots. A
// printer this worker stops running (moved, disabled, removed) ends its viewers, who ask again.
import type { Logger } from "@printernizer/logger";
import type { CameraStream, CameraStreamState, PrinterAdapter } from "@printernizer/printers";
import { MAX_CAMERA_FRAME_BYTES } from "@printernizer/printers";
import type { CameraWireState } from "@printernizer/farm/camera/camera-wire";

export interface CameraViewer {
  onFrame(jpeg: Buffer, at: number): void;
  onState(state: CameraWireState): void;
  /** The printer is no longer this worker's: the viewer should ask the web app's relay again. */
  onEnd(): void;
}

export type WatchResult = { ok: true; release(): void } | { ok: false; reason: "not_owner" | "no_camera" };

interface Upstream {
  adapter: PrinterAdapter;
  stream: CameraStream;
  viewers: Set<CameraViewer>;
  camera: CameraStreamState;
  latest?: { jpeg: Buffer; at: number };
  /** The state last told to viewers (JSON), so the sweep repeats nothing. */
  told?: string;
  linger?: NodeJS.Timeout;
}

export const offlineSentence = "The printer is offline: the picture comes back when it answers again.";

export class CameraHub {
  private readonly upstreams = new Map<string, Upstream>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly options: {
      adapterOf(printerId: string): PrinterAdapter | undefined;
      lingerMs: number;
      logger: Logger;
      sweepMs?: number;
    },
  ) {
    this.sweeper = setInterval(() => this.sweep(), options.sweepMs ?? 2_000).unref();
  }

  /** Upstream connections open now (tests, metrics). */
  openUpstreams(): number {
    return this.upstreams.size;
  }

  watch(printerId: string, viewer: CameraViewer): WatchResult {
    const adapter = this.options.adapterOf(printerId);
    if (!adapter) return { ok: false, reason: "not_owner" };
    if (!adapter.openCamera) return { ok: false, reason: "no_camera" };
    let upstream = this.upstreams.get(printerId);
    if (upstream && upstream.adapter !== adapter) {
      void this.end(printerId, upstream);
      upstream = undefined;
    }
    upstream ??= this.open(printerId, adapter, adapter.openCamera.bind(adapter));
    clearTimeout(upstream.linger);
    upstream.linger = undefined;
    upstream.viewers.add(viewer);
    viewer.onState(this.stateOf(upstream));
    if (upstream.latest && upstream.camera.state === "live")
      viewer.onFrame(upstream.latest.jpeg, upstream.latest.at);
    const current = upstream;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        current.viewers.delete(viewer);
        if (current.viewers.size || this.upstreams.get(printerId) !== current) return;
        current.linger = setTimeout(() => void this.end(printerId, current), this.options.lingerMs);
      },
    };
  }

  /** The next frame (or the latest, if fresher than `maxAgeMs`), opening the camera for it if needed. */
  async snapshot(
    printerId: string,
    o: { timeoutMs: number; maxAgeMs: number },
  ): Promise<
    | { ok: true; jpeg: Buffer; at: number }
    | { ok: false; reason: "not_owner" | "no_camera" | "no_frame"; state?: CameraWireState }
  > {
    const latest = this.upstreams.get(printerId)?.latest;
    if (latest && Date.now() - latest.at <= o.maxAgeMs) return { ok: true, ...latest };
    let lastState: CameraWireState | undefined;
    let resolveFrame!: (frame: { jpeg: Buffer; at: number } | undefined) => void;
    const frame = new Promise<{ jpeg: Buffer; at: number } | undefined>((r) => (resolveFrame = r));
    const watched = this.watch(printerId, {
      onFrame: (jpeg, at) => resolveFrame({ jpeg, at }),
      onState: (state) => (lastState = state),
      onEnd: () => resolveFrame(undefined),
    });
    if (!watched.ok) return watched;
    const timer = setTimeout(() => resolveFrame(undefined), o.timeoutMs);
    const got = await frame;
    clearTimeout(timer);
    watched.release();
    return got ? { ok: true, ...got } : { ok: false, reason: "no_frame", state: lastState };
  }

  /** Closes every upstream (worker stop). */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.upstreams].map(([id, upstream]) => this.end(id, upstream)));
  }

  private open(
    printerId: string,
    adapter: PrinterAdapter,
    open: PrinterAdapter["openCamera"] & {},
  ): Upstream {
    const upstream: Upstream = {
      adapter,
      viewers: new Set(),
      camera: { state: "connecting" },
      stream: { close: async () => {} },
    };
    this.upstreams.set(printerId, upstream);
    this.options.logger.info({ printerId }, "camera: opening the printer's camera");
    try {
      upstream.stream = open({
        onFrame: (jpeg) => {
          if (this.upstreams.get(printerId) !== upstream) return;
          if (jpeg.length > MAX_CAMERA_FRAME_BYTES || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return;
          upstream.latest = { jpeg, at: Date.now() };
          if (upstream.camera.state !== "live") this.setState(upstream, { state: "live" });
          for (const viewer of upstream.viewers) viewer.onFrame(jpeg, upstream.latest.at);
        },
        onState: (state) => {
          if (this.upstreams.get(printerId) === upstream) this.setState(upstream, state);
        },
      });
    } catch (error) {
      this.options.logger.warn({ err: error, printerId }, "camera: the adapter could not open the camera");
      upstream.camera = { state: "error", message: "The camera could not be opened; see the worker's log." };
    }
    return upstream;
  }

  private setState(upstream: Upstream, camera: CameraStreamState): void {
    upstream.camera = camera;
    const state = this.stateOf(upstream);
    const told = JSON.stringify(state);
    if (told === upstream.told) return;
    upstream.told = told;
    for (const viewer of upstream.viewers) viewer.onState(state);
  }

  /** The camera's own state, except that an offline printer is said to be offline. */
  private stateOf(upstream: Upstream): CameraWireState {
    const { camera } = upstream;
    if (camera.state !== "live" && !upstream.adapter.health().connected)
      return { state: "error", message: offlineSentence };
    if (camera.state === "error")
      return {
        state: "error",
        message: camera.message,
        ...(camera.retryInMs ? { retryInMs: camera.retryInMs } : {}),
      };
    return { state: camera.state };
  }

  private end(printerId: string, upstream: Upstream): Promise<void> {
    clearTimeout(upstream.linger);
    if (this.upstreams.get(printerId) === upstream) this.upstreams.delete(printerId);
    for (const viewer of upstream.viewers) viewer.onEnd();
    upstream.viewers.clear();
    this.options.logger.info({ printerId }, "camera: closing the printer's camera");
    return upstream.stream.close().catch((error: unknown) => {
      this.options.logger.warn({ err: error, printerId }, "camera: closing the camera failed");
    });
  }

  /** Ends upstreams of printers this worker no longer runs; tells viewers when a printer went offline or back. */
  private sweep(): void {
    for (const [printerId, upstream] of this.upstreams) {
      if (this.options.adapterOf(printerId) !== upstream.adapter) void this.end(printerId, upstream);
      else if (upstream.camera.state !== "live") this.setState(upstream, upstream.camera);
    }
  }
}
