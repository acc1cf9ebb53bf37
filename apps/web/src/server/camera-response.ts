import type { CameraRelay } from "@printernizer/farm/camera/camera-relay";
import { encodeFrame, encodeState } from "@printernizer/farm/camera/camera-wire";

/** A browser's connection may queue this much before its frames are dropped (latest kept per camera). */
const maxQueuedBytes = 1024 * 1024;

/**
 * One browser's camera stream: the printers in `ids` multiplexed by channel (their index) in the
 * camera-wire framing. A slow browser never makes the queue grow past ~1 MiB: while it is full,
 * only each camera's newest frame is kept and sent when the browser reads again.
 */
export function cameraStreamBody(
  relay: CameraRelay,
  ids: string[],
  ended: AbortSignal,
): ReadableStream<Uint8Array> {
  const leave: (() => void)[] = [];
  const pending = new Map<number, Uint8Array>();
  let closed = false;
  const stop = () => {
    if (closed) return;
    closed = true;
    for (const release of leave) release();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (bytes: Uint8Array) => {
          if (!closed) controller.enqueue(bytes);
        };
        ids.forEach((id, channel) => {
          leave.push(
            relay.watch(id, {
              onState: (state) => send(encodeState(channel, state)),
              onFrame: (jpeg, at) => {
                const frame = encodeFrame(channel, jpeg, at);
                if ((controller.desiredSize ?? 0) > 0) send(frame);
                else pending.set(channel, frame);
              },
            }),
          );
        });
        const end = () => {
          stop();
          try {
            controller.close();
          } catch {
            // already closed by the browser
          }
        };
        // a browser gone before its stream was built leaves the cameras at once
        if (ended.aborted) end();
        else ended.addEventListener("abort", end, { once: true });
      },
      pull(controller) {
        for (const [channel, frame] of pending) {
          pending.delete(channel);
          controller.enqueue(frame);
        }
      },
      cancel: stop,
    },
    { highWaterMark: maxQueuedBytes, size: (chunk) => chunk.byteLength },
  );
}
