// One attempt at an X1/H2/P2 printer's camera: RTSP over TLS on port 322, converted by ffmpeg to
// JPEG frames (`image2pipe`, 2 frames a second). We open the TLS connection ourselves, pinned
// like MQTT and checked before the access code is sent, and hand ffmpeg a loopback port that
// relays to it: ffmpeg itself would accept any certificate. So there is one connection to the
// printer per attempt, and ffmpeg is killed when the attempt ends. The access code never appears
// in a log or a message (ffmpeg's error text is scrubbed of it).
import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import type { CameraLiveView } from "../../core/camera";
import { deadlineSignal } from "../../core/timeouts";
import { connectVerified } from "../bambu-certificate";
import { CameraFailure, type CameraAttempt } from "./camera-loop";
import { REFUSED_ACCESS_CODE, unreachable, type CameraEndpoint } from "./chamber-image-client";
import { ffmpegBinary } from "./ffmpeg-binary";
import { JpegSplitter, JpegStreamError } from "./jpeg-splitter";

export const LIVE_VIEW_OFF = "live view is off on the printer: turn on LAN live view";

export interface RtspsEndpoint extends CameraEndpoint {
  /** What the printer's last report said (`ipcam.rtsp_url`). */
  liveView: () => CameraLiveView;
  /** Frames per second asked of ffmpeg (default 2). */
  framesPerSecond?: number;
}

export function rtspsAttempt(endpoint: RtspsEndpoint): CameraAttempt {
  return async (signal, onFrame) => {
    if (endpoint.liveView() === "off") throw new CameraFailure(LIVE_VIEW_OFF);
    const binary = ffmpegBinary();
    if ("problem" in binary) throw new CameraFailure(binary.problem);
    const { host, port } = endpoint;
    const { socket: upstream } = await connectVerified(
      host,
      port,
      endpoint.trust(),
      deadlineSignal(endpoint.connectTimeoutMs, signal),
    ).catch((error: unknown) => {
      throw new CameraFailure(unreachable(error, host, port, signal, endpoint.connectTimeoutMs), {
        cause: error,
      });
    });
    const relay = await relayOnce(upstream);
    const code = encodeURIComponent(endpoint.accessCode);
    const ffmpeg = spawn(
      binary.path,
      [
        ...["-hide_banner", "-loglevel", "error", "-nostdin"],
        ...["-rtsp_transport", "tcp", "-i", `rtsp://bblp:${code}@127.0.0.1:${relay.port}/streaming/live/1`],
        ...["-an", "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "5"],
        ...["-r", String(endpoint.framesPerSecond ?? 2), "pipe:1"],
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const secrets = [endpoint.accessCode, code].filter((s) => s.length > 0);
    let stderr = "";
    let upstreamBytes = 0;
    upstream.on("data", (chunk: Buffer) => (upstreamBytes += chunk.length));
    await new Promise<void>((resolve, reject) => {
      const splitter = new JpegSplitter();
      let stall: NodeJS.Timeout | undefined;
      let ended = false;
      const finish = (error?: CameraFailure) => {
        if (ended) return;
        ended = true;
        clearTimeout(stall);
        signal.removeEventListener("abort", onAbort);
        ffmpeg.kill("SIGKILL");
        relay.close();
        upstream.destroy();
        if (error) reject(error);
        else resolve();
      };
      const armStall = () => {
        clearTimeout(stall);
        stall = setTimeout(
          () =>
            finish(
              new CameraFailure(`no picture from the camera for ${Math.round(endpoint.stallMs / 1000)} s`),
            ),
          endpoint.stallMs,
        );
      };
      const onAbort = () => finish();
      signal.addEventListener("abort", onAbort, { once: true });
      // Closed while the relay port opened: no abort event comes any more, and frames would keep the
      // stall timer away, so ffmpeg and the printer connection would outlive close() (which would never return).
      if (signal.aborted) return finish();
      ffmpeg.stdout.on("data", (chunk: Buffer) => {
        try {
          const frames = splitter.push(chunk);
          if (frames.length > 0) armStall();
          for (const frame of frames) onFrame(frame);
        } catch (error) {
          const text = error instanceof JpegStreamError ? error.message : String(error);
          finish(new CameraFailure(`the camera stream was garbled (${text}); reconnecting`));
        }
      });
      ffmpeg.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
      });
      ffmpeg.on("error", (error) =>
        finish(new CameraFailure(`the video converter (ffmpeg) could not start: ${error.message}`)),
      );
      ffmpeg.on("close", () =>
        finish(new CameraFailure(whyEnded(scrub(stderr, secrets), upstreamBytes, host, port))),
      );
      armStall();
    });
  };
}

/** A loopback port that relays its first connection to `upstream` and then accepts no other. */
async function relayOnce(upstream: Socket): Promise<{ port: number; close: () => void }> {
  let local: Socket | undefined;
  const server = createServer((socket) => {
    server.close();
    if (local) return socket.destroy();
    local = socket;
    socket.on("error", () => undefined);
    socket.pipe(upstream);
    upstream.pipe(socket);
    socket.on("close", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
  });
  server.on("error", () => undefined);
  upstream.on("error", () => local?.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    close: () => {
      server.close();
      local?.destroy();
    },
  };
}

function scrub(text: string, secrets: string[]): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join("***");
  return clean.replace(/rtsps?:\/\/[^\s]*/g, "the stream");
}

function whyEnded(stderr: string, upstreamBytes: number, host: string, port: number): string {
  if (/\b401\b|Unauthorized/i.test(stderr)) return REFUSED_ACCESS_CODE;
  if (upstreamBytes === 0)
    return `the camera at ${host}:${port} closed the connection at once: ${LIVE_VIEW_OFF}`;
  if (/\b(404|454)\b/.test(stderr)) return "the printer has no live stream at /streaming/live/1";
  const last = stderr.trim().split("\n").at(-1)?.trim();
  return `the camera stream ended${last ? ` (${last.slice(0, 200)})` : ""}`;
}
