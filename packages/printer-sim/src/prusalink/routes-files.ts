// File endpoints: /api/v1/files/<storage>/<path> (GET/HEAD listing or info with folder ETag and
// 304, PUT upload with Buddy's status codes, POST start print, DELETE), downloads and thumbnails
// (Buddy: /usb/<SFN path>, /thumb/s|l/<path>; RPi: /api/files/<path>/raw, /api/thumbnails/…).
import type { StorageNode } from "./storage-tree";
import { isPrintable } from "./storage-tree";
import type { RouteContext } from "./simulator-types";
import { fileRefs } from "./routes-v1";
import { compact, readBody, sendJson, sendStatus } from "./sim-responses";
import { bgcodeThumbnails } from "../bgcode";

const MAX_URL_LEN = 168;
const MAX_NAME_LEN = 96;

function status(ctx: RouteContext, code: number, message = "", headers: Record<string, string> = {}): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message, headers);
  return true;
}

export function entryPayload(
  ctx: RouteContext,
  node: StorageNode,
  path: string,
  withChildren: boolean,
  asChild = false,
): Record<string, unknown> {
  const buddy = ctx.sim.flavour === "buddy";
  const isRoot = node === ctx.sim.storage.root;
  const type = node.folder
    ? "FOLDER"
    : isPrintable(node.lfn)
      ? "PRINT_FILE"
      : node.lfn.toLowerCase().endsWith(".bbf")
        ? "FIRMWARE"
        : "FILE";
  return compact({
    name: node.sfn,
    [buddy ? "ro" : "read_only"]: false,
    type,
    // FatFS cannot stat the USB root: Buddy omits m_timestamp there.
    m_timestamp: isRoot && buddy ? undefined : node.mtime,
    // Buddy listings carry no sizes; file info does.
    size: node.folder || (asChild && buddy) ? undefined : node.bytes?.length,
    refs: node.folder
      ? undefined
      : fileRefs(ctx, path, isPrintable(node.lfn), Boolean(node.thumbnails?.large)),
    display_name: isRoot ? undefined : node.lfn,
    children:
      withChildren && node.folder
        ? visibleChildren(node).map((c) => entryPayload(ctx, c, `${path}/${c.sfn}`, false, true))
        : undefined,
  });
}

function visibleChildren(node: StorageNode): StorageNode[] {
  // Only folders and printable files, no dot-files, no folders named like print files.
  return node.children.filter(
    (c) => !c.lfn.startsWith(".") && (c.folder ? !isPrintable(c.lfn) : isPrintable(c.lfn)),
  );
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
      const current = sim.engine.lastJob;
      if (current?.file === node && sim.engine.hasJob()) return status(ctx, 409, "File is busy");
      if (node.folder && node.children.length > 0 && req.headers.force !== "?1")
        return status(ctx, sim.flavour === "buddy" ? 404 : 409, "Directory Not Empty");
      sim.storage.remove(node);
      return status(ctx, 204);
    }
    default:
      return status(ctx, 405);
  }
}

async function upload(ctx: RouteContext, segments: string[]): Promise<true> {
  const { req, sim } = ctx;
  const lengthHeader = req.headers["content-length"];
  if (lengthHeader === undefined) return status(ctx, 411);
  const name = segments[segments.length - 1];
  const parentSegments = segments.slice(0, -1);
  if (req.headers["create-folder"] === "?1") {
    if (!name) return status(ctx, 400);
    if (sim.storage.find(`/${sim.storage.rootName}/${segments.join("/")}`))
      return status(ctx, 409, "Already exists");
    const parent = sim.storage.ensureFolders(parentSegments);
    if (!parent) return status(ctx, 409, "Conflicting upload path");
    sim.storage.mkdir(parent, name);
    return status(ctx, 201);
  }
  if (Number(lengthHeader) === 0) return status(ctx, 501, "0-sized files aren't implemented");
  if (!name || !isPrintable(name)) return status(ctx, 415, "Not a GCODE");
  if (name.length > MAX_NAME_LEN) return status(ctx, 431, "File name too long");
  if (/[\\:*?"<>|]/.test(name)) return status(ctx, 422, "Filename contains invalid characters");
  if (sim.transferInProgress) return status(ctx, 409, "Another transfer in progress");
  const existingPath = `/${sim.storage.rootName}/${segments.join("/")}`;
  const existing = sim.storage.find(existingPath);
  if (existing?.folder) return status(ctx, 409, "Is a directory or ongoing transfer");
  if (existing && req.headers.overwrite !== "?1") return status(ctx, 409, "File already exists");
  if (existing && sim.engine.hasJob() && sim.engine.lastJob?.file === existing)
    return status(ctx, 409, "File is busy");
  const parent = sim.storage.ensureFolders(parentSegments);
  if (!parent) return status(ctx, 409, "Conflicting upload path");
  sim.transferInProgress = true;
  let bytes: Buffer;
  try {
    bytes = await readBody(req);
  } catch {
    sim.transferInProgress = false;
    return status(ctx, 400, "Connection closed by client");
  }
  sim.transferInProgress = false;
  if (bytes.length !== Number(lengthHeader)) return status(ctx, 400, "Truncated body");
  let thumbnails: StorageNode["thumbnails"];
  try {
    const thumbs =
      name.toLowerCase().endsWith("bgcode") || name.toLowerCase().endsWith(".bgc")
        ? bgcodeThumbnails(bytes)
        : [];
    const small = thumbs.find((t) => t.width === 16 && t.height === 16);
    const large = thumbs
      .filter((t) => t.width > 16)
      .sort((a, b) => b.width * b.height - a.width * a.height)[0];
    thumbnails = compact({ small: small?.png, large: large?.png });
  } catch {
    thumbnails = undefined;
  }
  const node = sim.storage.addFile(parent, name, bytes, {
    ...(thumbnails ? { thumbnails } : {}),
    printSeconds: 600,
  });
  const apiPath = sim.storage.apiPath(node);
  const printAfter = ["?1", "1", "true"].includes(String(req.headers["print-after-upload"] ?? ""));
  if (printAfter && !sim.engine.start(node, apiPath)) return status(ctx, 409, "Can't print right now");
  if (sim.flavour === "rpi") return status(ctx, 201);
  ctx.res.setHeader("connection", "close");
  sendJson(ctx.res, 201, entryPayload(ctx, node, apiPath, false), { connection: "close" });
  return true;
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
