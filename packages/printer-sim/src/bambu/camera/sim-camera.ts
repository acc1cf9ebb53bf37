// The simulated printer's camera: the port-6000 protocol (P1/A1) or RTSPS (X1/H2), whichever the
// model has, showing a rendered picture of the printer (name, state, progress, time). The port
// chosen the first time is kept, so the camera comes back where it was after goAway/live view off.
import type { FrameScene } from "./frame-picture";
import { FramePainter } from "./frame-picture";
import { CameraCounters } from "./camera-counters";
import { ChamberImageServer } from "./chamber-image-server";
import { RtspServer } from "./rtsp-server";

export interface SimCameraOptions {
  kind: "chamber_image" | "rtsps";
  host: string;
  /** 0 = any free port the first time. */
  port: number;
  frameIntervalMs: number;
  accessCode: () => string;
  scene: () => FrameScene;
}

export interface SimCameraStats {
  current: number;
  total: number;
  max: number;
  refused: number;
}

export class SimCamera {
  readonly counters = new CameraCounters();
  private readonly painter = new FramePainter();
  private server: ChamberImageServer | RtspServer | undefined;
  private chosenPort: number;

  constructor(private readonly options: SimCameraOptions) {
    this.chosenPort = options.port;
  }

  get port(): number {
    return this.server?.port ?? this.chosenPort;
  }

  async start(certificate: { key: string; cert: string }): Promise<void> {
    if (this.server) return;
    const o = this.options;
    const settings = {
      host: o.host,
      port: this.chosenPort,
      key: certificate.key,
      cert: certificate.cert,
      accessCode: o.accessCode,
      frame: () => this.painter.frame(o.scene()),
      frameIntervalMs: o.frameIntervalMs,
      counters: this.counters,
    };
    const server = o.kind === "rtsps" ? new RtspServer(settings) : new ChamberImageServer(settings);
    await server.start();
    this.server = server;
    this.chosenPort = server.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  dropConnections(): void {
    this.server?.dropConnections();
  }

  setCertificate(certificate: { key: string; cert: string }): void {
    this.server?.setCertificate(certificate.key, certificate.cert);
  }

  stats(): SimCameraStats {
    const { current, total, max, refused } = this.counters;
    return { current, total, max, refused };
  }
}
