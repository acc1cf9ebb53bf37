// The simulated camera's picture: the printer's name, state, a part growing on the bed with the
// progress, a progress bar and the time, drawn into RGB pixels with a 5×7 bitmap font and
// encoded as a baseline JPEG (jpeg-js), 480×272.
import jpeg from "jpeg-js";

export interface FrameScene {
  name: string;
  state: string;
  /** 0..100 */
  progress: number;
  at: Date;
}

export const FRAME_WIDTH = 480;
// Whole 16-pixel blocks: RTP/JPEG (RFC 2435) carries sizes in blocks of 8, 4:2:0 in 16.
export const FRAME_HEIGHT = 272;

// 5×7 glyphs, one number per row, bit 4 = leftmost column.
const GLYPHS: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  "0": [14, 17, 19, 21, 25, 17, 14],
  "1": [4, 12, 4, 4, 4, 4, 14],
  "2": [14, 17, 1, 2, 4, 8, 31],
  "3": [31, 2, 4, 2, 1, 17, 14],
  "4": [2, 6, 10, 18, 31, 2, 2],
  "5": [31, 16, 30, 1, 1, 17, 14],
  "6": [6, 8, 16, 30, 17, 17, 14],
  "7": [31, 1, 2, 4, 8, 8, 8],
  "8": [14, 17, 17, 14, 17, 17, 14],
  "9": [14, 17, 17, 15, 1, 2, 12],
  ":": [0, 12, 12, 0, 12, 12, 0],
  "%": [24, 25, 2, 4, 8, 19, 3],
  "-": [0, 0, 0, 31, 0, 0, 0],
  ".": [0, 0, 0, 0, 0, 12, 12],
  "/": [0, 1, 2, 4, 8, 16, 0],
  _: [0, 0, 0, 0, 0, 0, 31],
  " ": [0, 0, 0, 0, 0, 0, 0],
  "?": [14, 17, 1, 2, 4, 0, 4],
};

type Rgb = readonly [number, number, number];

class Canvas {
  readonly data = Buffer.alloc(FRAME_WIDTH * FRAME_HEIGHT * 4, 0xff);

  fill(x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb): void {
    for (let y = Math.max(0, y0); y < Math.min(FRAME_HEIGHT, y0 + h); y++)
      for (let x = Math.max(0, x0); x < Math.min(FRAME_WIDTH, x0 + w); x++) {
        const i = (y * FRAME_WIDTH + x) * 4;
        this.data[i] = r;
        this.data[i + 1] = g;
        this.data[i + 2] = b;
      }
  }

  text(x: number, y: number, text: string, scale: number, colour: Rgb): void {
    let cx = x;
    for (const char of text.toUpperCase()) {
      const rows = GLYPHS[char] ?? GLYPHS["?"]!;
      rows.forEach((bits, row) => {
        for (let col = 0; col < 5; col++)
          if (bits & (16 >> col)) this.fill(cx + col * scale, y + row * scale, scale, scale, colour);
      });
      cx += 6 * scale;
      if (cx > FRAME_WIDTH) return;
    }
  }
}

/** One camera frame of `scene` as a JPEG (starts FF D8, ends FF D9). */
export function renderFrame(scene: FrameScene, quality = 70): Buffer {
  const canvas = new Canvas();
  const progress = Math.max(0, Math.min(100, Math.round(scene.progress)));
  const W = FRAME_WIDTH;
  canvas.fill(0, 0, W, FRAME_HEIGHT, [28, 30, 36]);
  canvas.text(16, 12, scene.name.slice(0, 24), 3, [240, 240, 240]);
  canvas.text(16, 44, scene.state.slice(0, 24), 2, [120, 200, 255]);
  // The bed and the part on it, as tall as the progress.
  canvas.fill(W / 2 - 110, 190, 220, 10, [90, 90, 96]);
  const height = Math.round((progress / 100) * 110);
  canvas.fill(W / 2 - 40, 190 - height, 80, height, [235, 120, 40]);
  canvas.fill(16, 214, W - 32, 16, [60, 62, 70]);
  canvas.fill(16, 214, Math.round(((W - 32) * progress) / 100), 16, [60, 190, 90]);
  canvas.text(16, 240, `${progress}%`, 3, [240, 240, 240]);
  canvas.text(W - 16 - 8 * 18, 240, scene.at.toISOString().slice(11, 19), 3, [240, 240, 240]);
  const encoded = jpeg.encode({ data: canvas.data, width: W, height: FRAME_HEIGHT }, quality);
  return Buffer.from(encoded.data);
}

/**
 * Renders at most once per `maxAgeMs` while the name, state and progress stay the same (the
 * clock then shows the time of the last render): jpeg-js takes ~0.1 s of CPU per picture.
 */
export class FramePainter {
  private last: { key: string; at: number; jpeg: Buffer } | undefined;

  constructor(private readonly maxAgeMs = 5_000) {}

  frame(scene: FrameScene): Buffer {
    const key = `${scene.name}|${scene.state}|${Math.round(scene.progress)}`;
    const now = scene.at.getTime();
    if (this.last && this.last.key === key && now - this.last.at < this.maxAgeMs) return this.last.jpeg;
    this.last = { key, at: now, jpeg: renderFrame(scene) };
    return this.last.jpeg;
  }
}
