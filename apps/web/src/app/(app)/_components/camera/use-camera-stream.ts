"use client";
// Live pictures of some printers over ONE connection (browsers allow ~6 per site; the farm stream
// holds one): GET /api/cameras/stream?ids=…, decoded here; each frame becomes an object URL for an
// <img>. Reconnects after 2 s when the stream ends while still wanted.
import { useEffect, useState } from "react";
import { CameraWireDecoder, type CameraWireState } from "@printernizer/farm/camera/camera-wire";

export interface LiveCamera {
  state: CameraWireState;
  /** Object URL of the latest frame. */
  url?: string;
  /** Frames shown since the view opened. */
  frames: number;
  /** Capture time of the latest frame (ms since epoch). */
  frameAt?: number;
}

const connecting: CameraWireState = { state: "connecting" };

export function useCameraStream(ids: string[]): Record<string, LiveCamera> {
  const key = ids.join(",");
  const [cameras, setCameras] = useState<Record<string, LiveCamera>>({});
  useEffect(() => {
    const wanted = key ? key.split(",") : [];
    if (!wanted.length) return;
    const abort = new AbortController();
    // The previous frame's URL is freed one frame later, once the <img> has moved on to the next.
    const older = new Map<string, string>();
    const update = (id: string, change: (camera: LiveCamera) => LiveCamera) =>
      setCameras((all) => ({ ...all, [id]: change(all[id] ?? { state: connecting, frames: 0 }) }));
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const response = await fetch(`/api/cameras/stream?ids=${encodeURIComponent(key)}`, {
            signal: abort.signal,
            cache: "no-store",
          });
          if (!response.ok || !response.body) {
            const body = (await response.json().catch(() => ({}))) as { message?: string };
            for (const id of wanted)
              update(id, (c) => ({
                ...c,
                state: { state: "error", message: body.message ?? "The camera stream failed." },
              }));
          } else {
            const reader = response.body.getReader();
            const decoder = new CameraWireDecoder();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              for (const message of decoder.push(value)) {
                const id = wanted[message.channel];
                if (!id) continue;
                if (message.type === "state") {
                  update(id, (c) => ({ ...c, state: message.state }));
                } else {
                  const url = URL.createObjectURL(new Blob([message.jpeg], { type: "image/jpeg" }));
                  update(id, (c) => {
                    const old = older.get(id);
                    if (old) URL.revokeObjectURL(old);
                    if (c.url) older.set(id, c.url);
                    return { state: { state: "live" }, url, frames: c.frames + 1, frameAt: message.at };
                  });
                }
              }
            }
          }
        } catch {
          if (abort.signal.aborted) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    };
    void run();
    return () => {
      abort.abort();
      setCameras((all) => {
        for (const id of wanted) if (all[id]?.url) URL.revokeObjectURL(all[id].url);
        for (const url of older.values()) URL.revokeObjectURL(url);
        const rest = { ...all };
        for (const id of wanted) delete rest[id];
        return rest;
      });
    };
  }, [key]);
  return cameras;
}

/** The sentence under a camera picture. */
export function cameraSentence(camera: LiveCamera | undefined): string {
  const state = camera?.state ?? connecting;
  if (state.state === "live") return "Live";
  if (state.state === "connecting") return "Connecting to the camera…";
  return state.message ?? "The camera is not available.";
}
