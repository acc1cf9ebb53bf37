// Turns the simulated camera's JPEG pictures into MJPEG RTP packets (RFC 2435) with one ffmpeg
// child (the binary of npm @ffmpeg-installer/ffmpeg): pictures in on stdin at the frame interval,
// RTP out over UDP to a socket of ours on the printer's own loopback address.
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { createRequire } from "node:module";

export interface RtpEncoderOptions {
  host: string;
  frame: () => Buffer;
  frameIntervalMs: number;
  /** One RTP (or, `rtcp` true, RTCP) packet. */
  onPacket: (packet: Buffer, rtcp: boolean) => void;
}

/** The ffmpeg binary shipped in npm @ffmpeg-installer/<platform>; throws where there is none. */
export function simFfmpegPath(): string {
  return (createRequire(import.meta.url)("@ffmpeg-installer/ffmpeg") as { path: string }).path;
}

export class RtpEncoder {
  private child: ChildProcess | undefined;
  private udp: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RtpEncoderOptions) {}

  async start(): Promise<void> {
    const udp = createSocket("udp4");
    this.udp = udp;
    udp.on("message", (packet) => {
      // RTCP packet types are 200..204 in the second byte; RTP's second byte is M bit + 26.
      const type = packet[1] ?? 0;
      this.options.onPacket(packet, type >= 200 && type <= 204);
    });
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(0, this.options.host, () => resolve());
    });
    udp.on("error", () => undefined);
    const { port } = udp.address();
    const child = spawn(
      simFfmpegPath(),
      [
        ...["-hide_banner", "-loglevel", "error"],
        ...["-probesize", "32", "-analyzeduration", "0", "-fflags", "nobuffer"],
        ...["-f", "image2pipe", "-use_wallclock_as_timestamps", "1", "-c:v", "mjpeg", "-i", "pipe:0"],
        ...[
          "-an",
          "-vsync",
          "0",
          "-c:v",
          "mjpeg",
          "-huffman",
          "default",
          "-pix_fmt",
          "yuvj420p",
          "-q:v",
          "5",
        ],
        ...["-f", "rtp", `udp://${this.options.host}:${port}?pkt_size=1400`],
      ],
      { stdio: ["pipe", "ignore", "ignore"] },
    );
    this.child = child;
    child.on("error", () => undefined);
    child.stdin!.on("error", () => undefined);
    const feed = () => {
      if (child.stdin!.writable && child.stdin!.writableLength < 1024 * 1024)
        child.stdin!.write(this.options.frame());
    };
    feed();
    this.timer = setInterval(feed, this.options.frameIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    this.udp?.close();
    this.udp = undefined;
  }
}
