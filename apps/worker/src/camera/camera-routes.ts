// The worker's camera endpoints on its health server, for the web app's relay only (a token
// derived from PRINTERNIZER_SECRET, see @printernizer/farm/camera/camera-token):
//   GET /camera/<printerId>/stream    the camera-wire framing (state messages and JPEG frames)
//   GET /camera/<printerId>/snapshot  one JPEG (x-frame-at: its capture time in ms)
// A reader slower than the printer misses frames (at most ~2 frames queued per connection).
import type { IncomingMessage, ServerResponse } from "node:http";
import { CAMERA_CONTENT_TYPE, encodeFrame, encodeState } from "@printernizer/farm/camera/camera-wire";
import { CAMERA_TOKEN_HEADER } from "@printernizer/farm/camera/camera-token";
import type { CameraHub } from "./camera-hub";

const maxQueuedBytes = 2 * 1024 * 1024;
const answers = {
  not_owner: [409, "This worker does not run that printer (it moved to another worker); ask again."],
  no_camera: [404, "This printer has no camera the app can show."],
} as const;

export function cameraRoute(options: {
  hub: CameraHub;
  verify(printerId: string, token: string | undefined): boolean;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const match = /^\/camera\/([A-Za-z0-9_-]{1,100})\/(stream|snapshot)$/.exec(path);
    if (!match) return json(res, 404, { error: "not found" });
    const [, printerId, what] = match as unknown as [string, string, "stream" | "snapshot"];
    const token = req.headers[CAMERA_TOKEN_HEADER];
    if (!options.verify(printerId, typeof token === "string" ? token : undefined))
      return json(res, 401, { error: "camera token missing, wrong or expired" });
    if (what === "snapshot") {
      const shot = await options.hub.snapshot(printerId, { timeoutMs: 10_000, maxAgeMs: 1_000 });
      if (shot.ok) {
        res.writeHead(200, {
          "content-type": "image/jpeg",
          "x-frame-at": String(shot.at),
          "cache-control": "no-store",
        });
        res.end(shot.jpeg);
      } else if (shot.reason === "no_frame") {
        json(res, 503, {
          error: shot.state?.message ?? "The camera sent no picture within 10 s.",
          state: shot.state,
        });
      } else {
        json(res, answers[shot.reason][0], { error: answers[shot.reason][1], reason: shot.reason });
      }
      return;
    }
    stream(req, res, options.hub, printerId);
  };
}

function stream(req: IncomingMessage, res: ServerResponse, hub: CameraHub, printerId: string): void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { "content-type": CAMERA_CONTENT_TYPE, "cache-control": "no-store" });
  };
  const watched = hub.watch(printerId, {
    onFrame: (jpeg, at) => {
      start();
      if (res.writableLength > maxQueuedBytes) return; // slow reader: this frame is dropped
      res.write(encodeFrame(0, jpeg, at));
    },
    onState: (state) => {
      start();
      res.write(encodeState(0, state));
    },
    onEnd: () => res.end(),
  });
  if (!watched.ok) {
    json(res, answers[watched.reason][0], { error: answers[watched.reason][1], reason: watched.reason });
    return;
  }
  const release = () => watched.release();
  req.once("close", release);
  res.once("close", release);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
