// The web process's side of the cameras: one connection per printer to the worker that runs it,
// only while a browser watches, fanned out to every browser of this process. Never to a printer:
// the worker holds the one upstream (apps/worker/src/camera). While nobody can be shown a
// picture (offline, live view off, no worker, worker moved) the viewers are told why in a
// sentence and the relay tries again.
import type { Db } from "@printernizer/db";
import { cameraSource } from "./cameras";
import { CAMERA_TOKEN_HEADER, cameraToken } from "./camera-token";
import { CameraWireDecoder, type CameraWireState } from "./camera-wire";

export interface RelayViewer {
  onFrame(jpeg: Uint8Array, at: number): void;
  onState(state: CameraWireState): void;
}

interface Upstream {
  viewers: Set<RelayViewer>;
  abort: AbortController;
  state: CameraWireState;
  latest?: { jpeg: Uint8Array<ArrayBuffer>; at: number };
}

export type SnapshotResult =
  | { ok: true; jpeg: Uint8Array<ArrayBuffer>; at: number }
  | { ok: false; status: 404 | 409 | 503; message: string };

interface RelayLogger {
  warn(obj: object, msg: string): void;
}

const brokenOff = "The camera stream from the worker broke off; reconnecting.";

export class CameraRelay {
  private readonly upstreams = new Map<string, Upstream>();

  constructor(private readonly options: { db: Db; secret: string; logger: RelayLogger; retryMs?: number }) {}

  /** Connections to workers open now. */
  openUpstreams(): number {
    return this.upstreams.size;
  }

  /** Starts telling `viewer` about the printer's camera; call the returned function when it leaves. */
  watch(printerId: string, viewer: RelayViewer): () => void {
    let upstream = this.upstreams.get(printerId);
    if (!upstream) {
      upstream = { viewers: new Set(), abort: new AbortController(), state: { state: "connecting" } };
      this.upstreams.set(printerId, upstream);
      void this.run(printerId, upstream);
    }
    upstream.viewers.add(viewer);
    viewer.onState(upstream.state);
    if (upstream.latest && upstream.state.state === "live")
      viewer.onFrame(upstream.latest.jpeg, upstream.latest.at);
    const current = upstream;
    return () => {
      current.viewers.delete(viewer);
      if (current.viewers.size) return;
      current.abort.abort();
      if (this.upstreams.get(printerId) === current) this.upstreams.delete(printerId);
    };
  }

  /** The latest frame (from a stream this process has open, if fresh) or one fetched from the worker. */
  async snapshot(printerId: string, maxAgeMs = 2_000): Promise<SnapshotResult> {
    const latest = this.upstreams.get(printerId)?.latest;
    if (latest && Date.now() - latest.at <= maxAgeMs) return { ok: true, ...latest };
    const source = await cameraSource(this.options.db, printerId);
    if ("final" in source)
      return {
        ok: false,
        status: source.final.code === "no_camera" ? 409 : 404,
        message: source.final.message!,
      };
    if ("wait" in source) return { ok: false, status: 503, message: source.wait.message! };
    const response = await fetch(`${source.url}/camera/${encodeURIComponent(printerId)}/snapshot`, {
      headers: { [CAMERA_TOKEN_HEADER]: cameraToken(this.options.secret, printerId) },
      signal: AbortSignal.timeout(15_000),
    }).catch(() => null);
    if (!response)
      return { ok: false, status: 503, message: "The worker running this printer did not answer." };
    if (response.ok)
      return {
        ok: true,
        jpeg: new Uint8Array(await response.arrayBuffer()),
        at: Number(response.headers.get("x-frame-at")) || Date.now(),
      };
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return {
      ok: false,
      status: response.status === 404 ? 409 : 503,
      message: body.error ?? `The worker answered ${response.status}.`,
    };
  }

  private tell(upstream: Upstream, state: CameraWireState): void {
    upstream.state = state;
    for (const viewer of upstream.viewers) viewer.onState(state);
  }

  private async run(printerId: string, upstream: Upstream): Promise<void> {
    const { signal } = upstream.abort;
    const retryMs = this.options.retryMs ?? 2_000;
    while (!signal.aborted) {
      let pause = retryMs;
      try {
        const source = await cameraSource(this.options.db, printerId);
        if ("url" in source) {
          const outcome = await this.pipe(printerId, upstream, source.url);
          if (outcome) this.tell(upstream, outcome);
          if (!outcome || outcome.code !== "no_camera") pause = retryMs / 2;
        } else {
          this.tell(upstream, "final" in source ? source.final : source.wait);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.options.logger.warn(
          { err: error, printerId },
          "camera relay: reading the printer's camera failed",
        );
        this.tell(upstream, { state: "error", message: brokenOff, retryInMs: retryMs });
      }
      await sleep(pause, signal);
    }
  }

  /** Streams from the worker until it ends; returns what to tell the viewers after (undefined: just retry). */
  private async pipe(
    printerId: string,
    upstream: Upstream,
    url: string,
  ): Promise<CameraWireState | undefined> {
    const response = await fetch(`${url}/camera/${encodeURIComponent(printerId)}/stream`, {
      headers: { [CAMERA_TOKEN_HEADER]: cameraToken(this.options.secret, printerId) },
      signal: upstream.abort.signal,
    });
    if (response.status === 404)
      return { state: "error", code: "no_camera", message: "This printer has no camera the app can show." };
    if (response.status === 401)
      return {
        state: "error",
        message:
          "The worker refused the web app's camera token: web and worker must share PRINTERNIZER_SECRET.",
      };
    if (!response.ok || !response.body) return undefined; // 409: the printer is moving to another worker
    const decoder = new CameraWireDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const message of decoder.push(value)) {
        if (message.type === "state") {
          this.tell(upstream, message.state);
        } else {
          upstream.latest = { jpeg: message.jpeg, at: message.at };
          if (upstream.state.state !== "live") this.tell(upstream, { state: "live" });
          for (const viewer of upstream.viewers) viewer.onFrame(message.jpeg, message.at);
        }
      }
    }
    return { state: "connecting" };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
