// Camera connections of one simulated printer, for tests that assert "one upstream per printer".
import type { Socket } from "node:net";

export class CameraCounters {
  /** Camera connections open right now (port 6000 or RTSPS). */
  current = 0;
  /** Camera connections accepted since start (or the last reset). */
  total = 0;
  /** The most open at the same time. */
  max = 0;
  /** Connections closed for a wrong access code. */
  refused = 0;

  /** Counts `socket` until it closes. */
  opened<T extends Socket>(socket: T): T {
    this.current += 1;
    this.total += 1;
    this.max = Math.max(this.max, this.current);
    socket.once("close", () => (this.current -= 1));
    return socket;
  }

  reset(): void {
    this.total = 0;
    this.refused = 0;
    this.max = this.current;
  }
}
