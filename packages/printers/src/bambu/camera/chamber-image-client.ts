// One attempt at a P1/A1 printer's camera: TLS to port 6000 with the same certificate pinning as
// MQTT (checked before the access code is sent), the auth packet, then frames until the upstream
// fails. A printer that refuses the access code closes the connection without a byte.
import { PrinterIntegrationError } from "../../core/errors";
import { errorCodeWords } from "../../core/connection-words";
import { deadlineSignal } from "../../core/timeouts";
import { connectVerified, type TrustSettings } from "../bambu-certificate";
import { CameraFailure, type CameraAttempt } from "./camera-loop";
import {
  chamberImageAuthPacket,
  ChamberImageParser,
  ChamberImageProtocolError,
} from "./chamber-image-protocol";

export interface CameraEndpoint {
  host: string;
  port: number;
  accessCode: string;
  trust: () => TrustSettings;
  /** TLS handshake deadline. */
  connectTimeoutMs: number;
  /** No frame for this long while connected: the upstream counts as failed. */
  stallMs: number;
}

export const REFUSED_ACCESS_CODE =
  "the printer refused the access code for the camera: re-read the LAN access code on the printer's screen (it changes whenever LAN mode is toggled)";

export function chamberImageAttempt(endpoint: CameraEndpoint): CameraAttempt {
  return async (signal, onFrame) => {
    const { host, port } = endpoint;
    const { socket } = await connectVerified(
      host,
      port,
      endpoint.trust(),
      deadlineSignal(endpoint.connectTimeoutMs, signal),
    ).catch((error: unknown) => {
      throw new CameraFailure(unreachable(error, host, port, signal, endpoint.connectTimeoutMs), {
        cause: error,
      });
    });
    await new Promise<void>((resolve, reject) => {
      const parser = new ChamberImageParser();
      let bytes = 0;
      let stall: NodeJS.Timeout | undefined;
      const finish = (error?: CameraFailure) => {
        clearTimeout(stall);
        signal.removeEventListener("abort", onAbort);
        socket.removeAllListeners("data");
        socket.destroy();
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
      // Closed while the TLS connection was handed over: no abort event comes any more, and frames
      // would keep the stall timer away, so the printer connection would outlive close().
      if (signal.aborted) return finish();
      socket.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        try {
          const frames = parser.push(chunk);
          if (frames.length > 0) armStall();
          for (const frame of frames) onFrame(frame);
        } catch (error) {
          const text = error instanceof ChamberImageProtocolError ? error.message : String(error);
          finish(new CameraFailure(`the camera stream was garbled (${text}); reconnecting`));
        }
      });
      socket.on("error", (error) =>
        finish(new CameraFailure(lostWords(error, host, port), { cause: error })),
      );
      socket.on("close", () =>
        finish(
          new CameraFailure(
            bytes === 0 ? REFUSED_ACCESS_CODE : `the camera at ${host}:${port} closed the connection`,
          ),
        ),
      );
      armStall();
      socket.write(chamberImageAuthPacket(endpoint.accessCode));
    });
  };
}

/** Why the camera port could not be opened, as a sentence. */
export function unreachable(
  error: unknown,
  host: string,
  port: number,
  signal: AbortSignal,
  timeoutMs: number,
): string {
  if (error instanceof PrinterIntegrationError && error.kind === "certificate") return error.message;
  if (error instanceof PrinterIntegrationError && error.kind === "timeout" && !signal.aborted)
    return `the camera at ${host}:${port} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const words = codeWords(error);
  if (words === "connection refused")
    return `the camera at ${host}:${port} refused the connection: check that LAN live view is on in the printer's settings`;
  return `cannot reach the camera at ${host}:${port}${words ? ` (${words})` : ""}`;
}

function lostWords(error: unknown, host: string, port: number): string {
  const words = codeWords(error);
  return `the connection to the camera at ${host}:${port} was lost${words ? ` (${words})` : ""}`;
}

function codeWords(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    const words = typeof code === "string" ? errorCodeWords(code) : undefined;
    if (words) return words;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
