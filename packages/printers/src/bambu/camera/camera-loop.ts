// One upstream camera connection, retried until closed (the CameraStream of core/camera.ts).
// Each attempt runs until its upstream fails; the loop then says why in one sentence and waits:
// 1 s, 2 s, 4 s … up to 30 s (equal jitter), back to 1 s after an attempt that delivered frames.
import type { CameraHandler, CameraStream, CameraStreamState } from "../../core/camera";
import { equalJitterDelay } from "../../core/backoff";
import { sleep } from "../../core/timeouts";

/** Why an attempt ended, in words for a person ("the printer refused the access code …"). */
export class CameraFailure extends Error {}

/** Runs one upstream until it fails (rejects with a CameraFailure) or `signal` aborts. */
export type CameraAttempt = (signal: AbortSignal, onFrame: (jpeg: Buffer) => void) => Promise<void>;

export interface CameraRetryTimings {
  /** First retry delay (default 1 s); doubles per failed attempt in a row. */
  cameraRetryBaseMs: number;
  /** Longest retry delay (default 30 s). */
  cameraRetryMaxMs: number;
}

export const defaultCameraRetryTimings: CameraRetryTimings = {
  cameraRetryBaseMs: 1_000,
  cameraRetryMaxMs: 30_000,
};

export function runCameraLoop(
  handler: CameraHandler,
  attempt: CameraAttempt,
  timings: CameraRetryTimings,
  onUnexpected: (error: unknown) => void = () => undefined,
): CameraStream {
  const controller = new AbortController();
  const { signal } = controller;
  const tell = (state: CameraStreamState) => {
    try {
      handler.onState(state);
    } catch (error) {
      onUnexpected(error);
    }
  };
  const loop = async () => {
    let failures = 0;
    while (!signal.aborted) {
      tell({ state: "connecting" });
      let live = false;
      let message: string;
      try {
        await attempt(signal, (jpeg) => {
          if (signal.aborted) return;
          if (!live) {
            live = true;
            failures = 0;
            tell({ state: "live" });
          }
          try {
            handler.onFrame(jpeg);
          } catch (error) {
            onUnexpected(error);
          }
        });
        message = "the camera stream ended";
      } catch (error) {
        if (!(error instanceof CameraFailure)) onUnexpected(error);
        message = error instanceof Error ? error.message : String(error);
      }
      if (signal.aborted) return;
      const retryInMs = equalJitterDelay(failures, {
        baseDelayMs: timings.cameraRetryBaseMs,
        maxDelayMs: timings.cameraRetryMaxMs,
      });
      failures += 1;
      tell({ state: "error", message, retryInMs });
      await sleep(retryInMs, signal).catch(() => undefined);
    }
  };
  const done = loop().catch(onUnexpected);
  return {
    close: async () => {
      controller.abort();
      await done;
    },
  };
}
