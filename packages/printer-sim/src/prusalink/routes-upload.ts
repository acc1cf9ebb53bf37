// Uploads to the simulated printer. v1 `PUT /api/v1/files/<storage>/<path>` with Buddy's rules
// (prusalink.md §3.9): Content-Length required (411), 0 bytes 501, printable extensions only (415),
// one transfer at a time (409 "Another transfer in progress"), an existing file only with
// `Overwrite: ?1` (409 "File already exists") and never the printing one (409 "File is busy"),
// storage limit 507, 201 with the new file's info; `Print-After-Upload: ?1|1|true` starts it
// (409 "Can't print right now" when busy, the file kept). Prusa-Link (RPi) answers 201 with no body
// and also takes the legacy multipart `POST /api/files/local` (routes-legacy-upload.ts).
import type { StorageNode } from "./storage-tree";
import { isPrintable } from "./storage-tree";
import type { RouteContext } from "./simulator-types";
import { compact, sendJson, sendStatus } from "./sim-responses";
import { bgcodeThumbnails } from "../bgcode";
import { entryPayload } from "./file-entry";
import { newTransfer, printSecondsOf, readAtRate } from "./sim-transfer";

const MAX_NAME_LEN = 96;

function status(ctx: RouteContext, code: number, message = "", headers: Record<string, string> = {}): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message, headers);
  return true;
}

export async function upload(ctx: RouteContext, segments: string[]): Promise<true> {
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
  const size = Number(lengthHeader);
  if (size === 0) return status(ctx, 501, "0-sized files aren't implemented");
  if (!name || !isPrintable(name)) return status(ctx, 415, "Not a GCODE");
  if (name.length > MAX_NAME_LEN) return status(ctx, 431, "File name too long");
  if (/[\\:*?"<>|]/.test(name)) return status(ctx, 422, "Filename contains invalid characters");
  if (sim.transfer) return status(ctx, 409, "Another transfer in progress");
  const existingPath = `/${sim.storage.rootName}/${segments.join("/")}`;
  const existing = sim.storage.find(existingPath);
  if (existing?.folder) return status(ctx, 409, "Is a directory or ongoing transfer");
  if (existing && req.headers.overwrite !== "?1") return status(ctx, 409, "File already exists");
  if (existing && isPrinting(ctx, existing)) return status(ctx, 409, "File is busy");
  if (sim.storage.usedBytes() - (existing?.bytes?.length ?? 0) + size > sim.options.storageBytes)
    return status(ctx, 507, "Insufficient storage");
  const parent = sim.storage.ensureFolders(parentSegments);
  if (!parent) return status(ctx, 409, "Conflicting upload path");
  const printAfter = ["?1", "1", "true"].includes(String(req.headers["print-after-upload"] ?? ""));
  const received = await receive(ctx, name, sim.storage.apiPath(parent), size, printAfter);
  if (!received) return true;
  const node = sim.storage.addFile(parent, name, received.bytes, received.extra);
  const apiPath = sim.storage.apiPath(node);
  if (printAfter && !sim.engine.start(node, apiPath)) return status(ctx, 409, "Can't print right now");
  if (sim.flavour === "rpi") return status(ctx, 201);
  sendJson(ctx.res, 201, entryPayload(ctx, node, apiPath, false), { connection: "close" });
  return true;
}

/** The printed (or paused) job's file cannot be replaced. */
export function isPrinting(ctx: RouteContext, node: StorageNode): boolean {
  return ctx.sim.engine.hasJob() && ctx.sim.engine.lastJob?.file === node;
}

/**
 * Reads the body at the simulated rate as the printer's one transfer; undefined (answer sent) when
 * the client went away or sent a different length.
 */
export async function receive(
  ctx: RouteContext,
  name: string,
  dir: string,
  size: number,
  toPrint: boolean,
  readFile = true,
): Promise<{ bytes: Buffer; extra: Pick<StorageNode, "thumbnails" | "printSeconds"> } | undefined> {
  const { sim } = ctx;
  const transfer = newTransfer(name, dir, size, toPrint);
  sim.transfer = transfer;
  let bytes: Buffer;
  try {
    bytes = await readAtRate(ctx.req, size, sim.options.uploadBytesPerSecond, transfer);
  } catch {
    status(ctx, 400, "Connection closed by client");
    return undefined;
  } finally {
    if (sim.transfer === transfer) sim.transfer = undefined;
  }
  if (bytes.length !== size) {
    status(ctx, 400, "Truncated body");
    return undefined;
  }
  if (!readFile) return { bytes, extra: {} };
  const thumbnails = thumbnailsOf(name, bytes);
  return {
    bytes,
    extra: { ...(thumbnails ? { thumbnails } : {}), printSeconds: await printSecondsOf(bytes, name) },
  };
}

function thumbnailsOf(name: string, bytes: Buffer): StorageNode["thumbnails"] {
  try {
    const lower = name.toLowerCase();
    const thumbs = lower.endsWith(".bgcode") || lower.endsWith(".bgc") ? bgcodeThumbnails(bytes) : [];
    const small = thumbs.find((t) => t.width === 16 && t.height === 16);
    const large = thumbs
      .filter((t) => t.width > 16)
      .sort((a, b) => b.width * b.height - a.width * a.height)[0];
    return compact({ small: small?.png, large: large?.png });
  } catch {
    return undefined;
  }
}
