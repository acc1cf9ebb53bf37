// Legacy OctoPrint-style endpoints (prusalink.md §4): /api/printer, /api/job (GET, POST
// commands), /api/files. Served by both flavours; the only API a "0.9.0-legacy" printer has.
import type { RouteContext } from "./simulator-types";
import type { StorageNode } from "./storage-tree";
import { isPrintable } from "./storage-tree";
import { readBody, sendJson, sendStatus } from "./sim-responses";

function status(ctx: RouteContext, code: number, message = ""): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message);
  return true;
}

const STATE_TEXT: Record<string, string> = {
  PRINTING: "Printing",
  PAUSED: "Paused",
  ATTENTION: "Paused",
  BUSY: "Busy",
  FINISHED: "Operational",
  STOPPED: "Operational",
  IDLE: "Operational",
};

export async function handleLegacy(ctx: RouteContext): Promise<boolean> {
  const { path, req, sim } = ctx;
  const method = req.method ?? "GET";
  const engine = sim.engine;
  if (path === "/api/printer" && method === "GET") {
    const state = engine.printerState;
    const t = engine.temperatures;
    const printing = state === "PRINTING";
    const paused = state === "PAUSED" || state === "ATTENTION";
    sendJson(ctx.res, 200, {
      telemetry: {
        "temp-bed": t.bed,
        "temp-nozzle": t.nozzle,
        "print-speed": 100,
        "z-height": 0.2,
        material: engine.hasJob() ? "PLA" : "---",
      },
      temperature: {
        tool0: { actual: t.nozzle, target: t.targetNozzle, display: t.targetNozzle, offset: 0 },
        bed: { actual: t.bed, target: t.targetBed, offset: 0 },
      },
      state: {
        text: STATE_TEXT[state] ?? "Operational",
        flags: {
          operational: true,
          paused,
          printing,
          cancelling: false,
          pausing: false,
          error: false,
          sdReady: false,
          closedOnError: false,
          ready: !engine.hasJob(),
          busy: state === "BUSY",
        },
      },
    });
    return true;
  }
  if (path === "/api/job") {
    if (method === "GET") {
      const job = engine.currentJob;
      const state = engine.printerState;
      sendJson(
        ctx.res,
        200,
        job
          ? {
              state: STATE_TEXT[state] ?? "Operational",
              job: {
                estimatedPrintTime: job.durationSeconds,
                file: {
                  name: job.file.lfn,
                  path: job.path,
                  display: job.file.lfn,
                  size: job.file.bytes?.length,
                },
              },
              progress: {
                completion: engine.progressPercent(job) / 100,
                printTime: Math.round(job.elapsedSeconds),
                printTimeLeft: engine.remainingSeconds(job),
              },
            }
          : { state: "Operational", job: null, progress: null },
      );
      return true;
    }
    if (method === "POST") {
      if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined)
        return status(ctx, 411);
      let command: { command?: string; action?: string };
      try {
        command = JSON.parse((await readBody(req, 64 * 1024)).toString("utf8")) as typeof command;
      } catch {
        return status(ctx, 400, "Invalid JSON");
      }
      let ok: boolean;
      if (command.command === "cancel") ok = engine.stop();
      else if (command.command === "pause" && command.action === "pause") ok = engine.pause();
      else if (command.command === "pause" && command.action === "resume") ok = engine.resume();
      else if (command.command === "pause" && command.action === "toggle")
        ok = engine.pause() || engine.resume();
      else return status(ctx, 400, "Unknown command");
      return ok ? status(ctx, 204) : status(ctx, 409, "Printer is not in the right state");
    }
    return status(ctx, 405);
  }
  if (path === "/api/files" || path.startsWith("/api/files/")) {
    if (method === "POST" && path.split("/").length <= 4)
      return status(ctx, 410, "Multipart upload is gone; use PUT /api/v1/files");
    if (method !== "GET" || path.endsWith("/raw")) return false;
    const root = sim.storage.root;
    const rootPath = `/${sim.storage.rootName}`;
    sendJson(ctx.res, 200, {
      files: [
        {
          name: sim.storage.rootName.toUpperCase(),
          path: rootPath,
          display: sim.storage.rootName.toUpperCase(),
          type: "folder",
          origin: sim.storage.rootName,
          children: legacyChildren(ctx, root, rootPath),
        },
      ],
    });
    return true;
  }
  return false;
}

function legacyChildren(ctx: RouteContext, node: StorageNode, dir: string): unknown[] {
  const buddy = ctx.sim.flavour === "buddy";
  return node.children
    .filter((c) => (c.folder ? !isPrintable(c.lfn) : isPrintable(c.lfn)))
    .map((c) => {
      const path = `${dir}/${c.sfn}`;
      if (c.folder)
        return {
          name: c.sfn,
          display: c.lfn,
          path,
          type: "folder",
          origin: ctx.sim.storage.rootName,
          children: legacyChildren(ctx, c, path),
        };
      const refs = buddy
        ? {
            resource: `/api/files${path}`,
            thumbnailSmall: `/thumb/s${path}`,
            thumbnailBig: `/thumb/l${path}`,
            download: path,
          }
        : {
            resource: `/api/files${path}`,
            thumbnailBig: `/api/thumbnails${path}.orig.png`,
            download: `/api/files${path}/raw`,
          };
      return {
        name: c.sfn,
        display: c.lfn,
        path,
        type: "machinecode",
        origin: ctx.sim.storage.rootName,
        size: c.bytes?.length,
        date: c.mtime,
        refs,
      };
    });
}
