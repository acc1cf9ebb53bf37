// FDM Monster's dashboards as its web client opens them: socket.io (polling, then upgraded to a
// WebSocket) with the JWT in the handshake's `auth.token`, listening to `update`. Counts the
// bytes each client receives: engine.io packet payloads (its WebSocket frames are not compressed:
// engine.io's perMessageDeflate is off by default, and FDM Monster does not turn it on).
import { io, type Socket } from "socket.io-client";
import type { FdmUpdate } from "./fdm-farm";

export interface FdmClient {
  connected: Promise<void>;
  bytes(): number;
  updates(): number;
  close(): void;
}

export function connectFdmClient(options: {
  origin: string;
  token: string;
  onUpdate(update: FdmUpdate, receivedAt: number): void;
  onError(error: unknown): void;
}): FdmClient {
  let bytes = 0;
  let updates = 0;
  const socket: Socket = io(options.origin, {
    auth: { token: options.token },
    reconnection: true,
    timeout: 30_000,
  });
  const countPackets = () =>
    socket.io.engine.on("packet", (packet: { data?: unknown }) => {
      // One byte for the packet type, then its data (a string, or binary).
      const data = packet.data;
      bytes +=
        1 +
        (typeof data === "string"
          ? Buffer.byteLength(data)
          : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
            ? data.byteLength
            : 0);
    });
  socket.io.on("open", countPackets);
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) =>
      reject(new Error(`FDM Monster's socket.io refused the client: ${error.message}`)),
    );
  });
  socket.on("update", (update: FdmUpdate) => {
    updates++;
    options.onUpdate(update, Date.now());
  });
  socket.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") options.onError(new Error(`socket.io disconnected: ${reason}`));
  });
  return {
    connected,
    bytes: () => bytes,
    updates: () => updates,
    close: () => void socket.disconnect(),
  };
}
