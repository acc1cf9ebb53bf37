// Legacy file writes (prusalink.md §4; Prusa-Link files_legacy.py): multipart
// `POST /api/files/<storage>` (`file`, `path`, `select`, `print`; an existing file is replaced unless
// it is being printed), `POST /api/files/<path>` to start ({"command":"select","print":true}, or
// Buddy's {"command":"start"}) and `GET /api/files/<path>` for one file's info. Buddy answers
// multipart uploads 410 Gone (firmware 6.3).
import type { RouteContext } from "./simulator-types";
import { isPrintable } from "./storage-tree";
import { readBody, sendJson, sendStatus } from "./sim-responses";
import { isPrinting, receive } from "./routes-upload";
import { legacyListing } from "./routes-legacy-listing";
import { printSecondsOf } from "./sim-transfer";

function status(ctx: RouteContext, code: number, message = ""): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message);
  return true;
}

/** Handles POST /api/files/<storage> (upload) and POST /api/files/<path> (start). */
export async function legacyFilePost(ctx: RouteContext, segments: string[]): Promise<true> {
  const { sim } = ctx;
  if (segments.length === 1) {
    if (sim.flavour === "buddy") return status(ctx, 410, "Multipart upload is gone; use PUT /api/v1/files");
    if (segments[0] !== sim.storage.rootName) return status(ctx, 404, "Location Not Found");
    return multipartUpload(ctx);
  }
  const node = sim.storage.find(`/${segments.join("/")}`);
  if (!node || node.folder) return status(ctx, 404, "File Not Found");
  let command: { command?: unknown; print?: unknown };
  try {
    command = JSON.parse((await readBody(ctx.req, 64 * 1024)).toString("utf8")) as typeof command;
  } catch {
    return status(ctx, 400, "Invalid JSON");
  }
  const path = sim.storage.apiPath(node);
  const idle = sim.engine.canStart();
  if (sim.flavour === "buddy") {
    if (command.command !== "start") return status(ctx, 400, "Unknown command");
    return sim.engine.start(node, path) ? status(ctx, 204) : status(ctx, 409, "Can't print right now");
  }
  // Prusa-Link: "select" on a printer that is not idle falls through to 400; "print" says 409.
  if (command.command === "select" && idle) {
    sim.selectFile(path);
    if (command.print === true) sim.engine.start(node, path);
    return status(ctx, 204);
  }
  if (command.command === "print")
    return idle && sim.engine.start(node, path) ? status(ctx, 204) : status(ctx, 409, "Printer is printing");
  return status(ctx, 400);
}

/** GET /api/files/<storage>/<path> of a file: its info (size, refs), as hasFile asks. */
export function legacyFileInfo(ctx: RouteContext, segments: string[]): boolean {
  const node = segments.length > 1 ? ctx.sim.storage.find(`/${segments.join("/")}`) : undefined;
  if (!node || node.folder) return false;
  const path = ctx.sim.storage.apiPath(node);
  sendJson(ctx.res, 200, {
    origin: ctx.sim.storage.rootName,
    name: node.lfn,
    path,
    type: isPrintable(node.lfn) ? "machinecode" : null,
    refs: {
      resource: `/api/files${path}`,
      download: `/api/files${path}/raw`,
      thumbnailBig: node.thumbnails?.large ? `/api/thumbnails${path}.orig.png` : null,
    },
    size: node.bytes?.length ?? 0,
    date: node.mtime,
  });
  return true;
}

async function multipartUpload(ctx: RouteContext): Promise<true> {
  const { req, sim } = ctx;
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(req.headers["content-type"] ?? "");
  const length = Number(req.headers["content-length"]);
  if (!boundary) return status(ctx, 415, "Expected multipart/form-data");
  if (!Number.isFinite(length) || length <= 0) return status(ctx, 411);
  if (sim.transfer) return status(ctx, 409, "Another transfer in progress");
  const received = await receive(ctx, "upload", `/${sim.storage.rootName}`, length, false, false);
  if (!received) return true;
  const parts = parseMultipart(received.bytes, boundary[1] ?? boundary[2]!);
  const file = parts.find((p) => p.name === "file" && p.filename);
  if (!file?.filename) return status(ctx, 400, "No file in request");
  const name = file.filename.split(/[/\\]/).pop()!;
  if (!isPrintable(name)) return status(ctx, 415, "Unsupported file type");
  const folder = (parts.find((p) => p.name === "path")?.data.toString("utf8") ?? "/")
    .split("/")
    .filter(Boolean);
  if (folder.includes("..")) return status(ctx, 400, "Invalid path");
  const parent = sim.storage.ensureFolders(folder);
  if (!parent) return status(ctx, 409, "Conflicting upload path");
  const existing = parent.children.find((c) => c.lfn === name);
  if (existing && isPrinting(ctx, existing)) return status(ctx, 409, "File is currently printed");
  const node = sim.storage.addFile(parent, name, file.data, {
    printSeconds: await printSecondsOf(file.data, name),
  });
  const path = sim.storage.apiPath(node);
  const field = (key: string) => parts.find((p) => p.name === key)?.data.toString("utf8");
  if (field("print") === "true") sim.engine.start(node, path);
  else if (field("select") === "true") sim.selectFile(path);
  const wantsJson = (req.headers.accept ?? "").includes("application/json");
  if (!wantsJson) return status(ctx, 201);
  sendJson(
    ctx.res,
    201,
    { done: true, files: legacyListing(ctx), free: 0, total: 0 },
    { connection: "close" },
  );
  return true;
}

interface Part {
  name: string | undefined;
  filename: string | undefined;
  data: Buffer;
}

function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after the delimiter and before the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      parts.push({
        name: /name="([^"]*)"/i.exec(headers)?.[1],
        filename: /filename="([^"]*)"/i.exec(headers)?.[1],
        data: part.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}
