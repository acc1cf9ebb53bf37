// File endpoints: /api/v1/files/<storage>/<path> (GET/HEAD listing or info with folder ETag and
// 304, PUT upload with Buddy's status codes, POST start print, DELETE), downloads and thumbnails
// (Buddy: /usb/<SFN path>, /thumb/s|l/<path>; RPi: /api/files/<path>/raw, /api/thumbnails/…).
import type { RouteContext } from "./simulator-types";
import { sendJson, sendStatus } from "./sim-responses";
import { entryPayload } from "./file-entry";
import { isPrinting, upload } from "./routes-upload";

const MAX_URL_LEN = 168;

function status(ctx: RouteContext, code: number, message = "", headers: Record<string, string> = {}): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message, headers);
  return true;
}

export async function handleFiles(ctx: RouteContext): Promise<boolean> {
  const { path, req, sim } = ctx;
  if (!path.startsWith("/api/v1/files")) return false;
  if (ctx.target.length > MAX_URL_LEN) return status(ctx, 414, "");
  const storagePath = path.slice("/api/v1/files".length) || "/";
  const segments = sim.storage.segments(storagePath);
  if (!segments)
    return status(
      ctx,
      sim.flavour === "buddy" ? 403 : 404,
      sim.flavour === "buddy" ? "" : "Location Not Found",
    );
  if (segments.includes("..")) return status(ctx, 404);
  const method = req.method ?? "GET";
  const node = sim.storage.find(storagePath);
  const apiPath = node ? sim.storage.apiPath(node) : storagePath.replace(/\/$/, "");
  switch (method) {
    case "GET":
    case "HEAD": {
      if (!node) return status(ctx, 404);
      const headers: Record<string, string> = {
        "read-only": "false",
        "currently-printing": String(sim.engine.currentJob?.file === node),
      };
      if (node.folder) {
        const etag = `"${sim.storage.etag(apiPath)}"`;
        headers.etag = etag;
        const ifNoneMatch = (req.headers["if-none-match"] ?? "").replace(/\D/g, "");
        if (ifNoneMatch && ifNoneMatch !== "0" && `"${ifNoneMatch}"` === etag)
          return status(ctx, 304, "", headers);
      }
      if (method === "HEAD") {
        ctx.res.writeHead(200, { "content-type": "application/json", ...headers }).end();
        return true;
      }
      sendJson(ctx.res, 200, entryPayload(ctx, node, apiPath, node.folder), headers);
      return true;
    }
    case "PUT":
      return upload(ctx, segments);
    case "POST": {
      req.resume();
      if (!node || node.folder) return status(ctx, 404);
      return sim.engine.start(node, apiPath) ? status(ctx, 204) : status(ctx, 409, "Can't print right now");
    }
    case "DELETE": {
      if (!node || node === sim.storage.root) return status(ctx, 404);
      if (isPrinting(ctx, node)) return status(ctx, 409, "File is busy");
      if (node.folder && node.children.length > 0 && req.headers.force !== "?1")
        return status(ctx, sim.flavour === "buddy" ? 404 : 409, "Directory Not Empty");
      sim.storage.remove(node);
      return status(ctx, 204);
    }
    default:
      return status(ctx, 405);
  }
}

export function handleDownload(ctx: RouteContext): boolean {
  const { path, sim, req, res } = ctx;
  const buddy = sim.flavour === "buddy";
  let storagePath: string | undefined;
  if (buddy && path.startsWith("/usb/")) storagePath = path;
  if (!buddy && path.startsWith("/api/files/") && path.endsWith("/raw"))
    storagePath = path.slice("/api/files".length, -"/raw".length);
  if (!storagePath) return false;
  if (req.method !== "GET") return status(ctx, 405);
  const node = sim.storage.find(storagePath);
  if (!node?.bytes) return status(ctx, 404);
  res.writeHead(200, {
    "content-type": "application/octet-stream",
    "content-length": String(node.bytes.length),
    // Buddy sends no filename (browsers save the SFN); Prusa-Link names the file.
    "content-disposition": buddy ? "attachment" : `attachment;filename="${node.lfn}"`,
  });
  // Several writes so clients see a stream, not one buffer.
  const step = 16 * 1024;
  for (let offset = 0; offset < node.bytes.length; offset += step)
    res.write(node.bytes.subarray(offset, offset + step));
  res.end();
  return true;
}

export function handleThumbnail(ctx: RouteContext): boolean {
  const { path, sim, req, res } = ctx;
  let size: "small" | "large";
  let storagePath: string;
  const buddyMatch = /^\/thumb\/([sl])(\/.*)$/.exec(path);
  const rpiMatch = /^\/api\/thumbnails(\/.*)\.(orig|small)\.png$/.exec(path);
  if (sim.flavour === "buddy" && buddyMatch) {
    size = buddyMatch[1] === "s" ? "small" : "large";
    storagePath = buddyMatch[2]!;
  } else if (sim.flavour === "rpi" && rpiMatch) {
    size = rpiMatch[2] === "small" ? "small" : "large";
    storagePath = rpiMatch[1]!;
  } else {
    return false;
  }
  const node = sim.storage.find(storagePath);
  if (!node) return status(ctx, 404);
  const png = node.thumbnails?.[size];
  if (!png) return status(ctx, 404, "File doesn't contain preview");
  const etag = `"${(node.mtime ^ png.length) >>> 0}"`;
  if (req.headers["if-none-match"] === etag) return status(ctx, 304, "", { etag });
  res.writeHead(200, { "content-type": "image/png", etag });
  res.write(png.subarray(0, Math.floor(png.length / 2)));
  res.end(png.subarray(Math.floor(png.length / 2)));
  return true;
}
