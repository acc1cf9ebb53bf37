// The ffmpeg that converts an X1/H2/P2 printer's RTSPS stream into JPEG frames: the static build
// shipped inside the npm package @ffmpeg-installer/<platform> (no download at install time).
// Loaded on first use only: the package throws on a platform it has no build for.
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";

let found: { path: string } | { problem: string } | undefined;

/** The binary's path, or a sentence saying why live view of RTSPS printers cannot work here. */
export function ffmpegBinary(): { path: string } | { problem: string } {
  if (found) return found;
  try {
    const require = createRequire(import.meta.url);
    const { path } = require("@ffmpeg-installer/ffmpeg") as { path: string };
    accessSync(path, constants.X_OK);
    found = { path };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    found = {
      problem: `live view of this printer model needs ffmpeg, which is not available on this server (${reason}); the other printers' cameras still work`,
    };
  }
  return found;
}
