// The web app's server code is bundled and minified by `next build` (one chunk holds many
// modules, names are mangled): a CPU profile's frame is mapped back through the chunk's source map
// (`<chunk>.js.map`, written by the build) to the original file, line and name, so that
// profile-summary.ts can attribute it. Frames without a source map are left as they are.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

const maps = new Map<string, { map: SourceMap; dir: string } | null>();

function mapFor(url: string): { map: SourceMap; dir: string } | null {
  if (maps.has(url)) return maps.get(url)!;
  let found: { map: SourceMap; dir: string } | null = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (file.endsWith(".js") && existsSync(`${file}.map`)) {
      const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as ConstructorParameters<
        typeof SourceMap
      >[0];
      found = { map: new SourceMap(payload), dir: path.dirname(file) };
    }
  } catch {
    found = null; // an unreadable map: the frame keeps its bundled location
  }
  maps.set(url, found);
  return found;
}

/** The frame's original location (absolute path of the source) when its chunk has a source map. */
export function originalFrame(frame: Frame): Frame {
  if (!frame.url || frame.lineNumber < 0) return frame;
  const found = mapFor(frame.url);
  if (!found) return frame;
  const entry = found.map.findEntry(frame.lineNumber, frame.columnNumber ?? 0) as {
    originalSource?: string;
    originalLine?: number;
    name?: string;
  };
  if (!entry.originalSource) return frame;
  const source = entry.originalSource.startsWith("file://")
    ? fileURLToPath(entry.originalSource)
    : path.resolve(found.dir, decodeURIComponent(entry.originalSource));
  return {
    functionName: entry.name ?? frame.functionName,
    url: source,
    lineNumber: entry.originalLine ?? frame.lineNumber,
  };
}
