// v1 endpoints of the simulated printer: version, info, status, job (+ stop/pause/resume),
// storage and transfer, with Buddy's field sets and status codes (prusalink.md §3).
import type { RouteContext } from "./simulator-types";
import { compact, fixed, sendJson, sendStatus } from "./sim-responses";
import type { SimJob } from "./print-engine";
import { statusTransfer, transferPayload } from "./sim-transfer";

export async function handleV1(ctx: RouteContext): Promise<boolean> {
  const { path, req } = ctx;
  const method = req.method ?? "GET";
  if (path === "/api/version" && method === "GET") return sendVersion(ctx);
  if (path === "/api/v1/info" && method === "GET") return sendInfo(ctx);
  if (path === "/api/v1/status" && method === "GET") return sendStatusPayload(ctx);
  if (path === "/api/v1/storage" && method === "GET") return sendStorage(ctx);
  if (path === "/api/v1/transfer") {
    if (method !== "GET") return status(ctx, 405);
    const transfer = ctx.sim.transfer;
    if (!transfer) return status(ctx, 204);
    sendJson(ctx.res, 200, transferPayload(transfer));
    return true;
  }
  if (path === "/api/v1/job") {
    if (method !== "GET") return status(ctx, 405);
    const job = ctx.sim.engine.currentJob;
    if (!job) return status(ctx, 204);
    sendJson(ctx.res, 200, jobPayload(ctx, job));
    return true;
  }
  const match = /^\/api\/v1\/job\/([^/]*)(?:\/([^/]*))?$/.exec(path);
  if (match) return jobCommand(ctx, match[1]!, match[2]);
  return false;
}

function status(ctx: RouteContext, code: number, message = ""): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message);
  return true;
}

function sendVersion(ctx: RouteContext): true {
  const { sim } = ctx;
  const o = sim.options;
  let body: Record<string, unknown>;
  if (sim.flavour === "buddy") {
    // Buddy 6.3 (basic_gets.cpp get_version); 6.5 added `firmware`.
    body = compact({
      api: o.legacyApi ? "0.9.0-legacy" : "2.0.0",
      server: "2.1.2",
      nozzle_diameter: 0.4,
      text: "PrusaLink",
      hostname: o.hostname,
      firmware:
        o.firmware && /^(\d+)\.(\d+)/.test(o.firmware) && isAtLeast(o.firmware, 6, 5)
          ? o.firmware
          : undefined,
      capabilities: { "upload-by-put": true },
    });
  } else if (o.legacyApi) {
    // Prusa-Link 0.7.0 (web/main.py api_version): the legacy API, no capabilities yet.
    body = {
      api: "0.9.0-legacy",
      server: "0.7.0",
      original: `PrusaLink I3${o.model}`,
      text: "PrusaLink 0.7.0",
      firmware: "3.12.2-5311",
      sdk: "0.7.0",
      hostname: o.hostname,
    };
  } else {
    body = {
      api: "2.0.0",
      server: "0.8.1",
      original: `PrusaLink I3${o.model}`,
      text: "PrusaLink 0.8.1",
      firmware: "3.14.0-8066",
      sdk: "0.8.1",
      capabilities: { "upload-by-put": true },
      hostname: o.hostname,
    };
  }
  sendJson(ctx.res, 200, body);
  return true;
}

function isAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(/[.+-]/).map(Number);
  return a > major || (a === major && b >= minor);
}

function sendInfo(ctx: RouteContext): true {
  const o = ctx.sim.options;
  const body =
    ctx.sim.flavour === "buddy"
      ? { nozzle_diameter: 0.4, mmu: false, serial: o.serial, hostname: o.hostname, min_extrusion_temp: 170 }
      : {
          name: o.name,
          location: "Lab",
          farm_mode: false,
          network_error_chime: false,
          nozzle_diameter: 0.4,
          min_extrusion_temp: 170,
          serial: o.serial,
          hostname: o.hostname,
          port: String(o.port),
        };
  sendJson(ctx.res, 200, body);
  return true;
}

function sendStatusPayload(ctx: RouteContext): true {
  const { sim } = ctx;
  const engine = sim.engine;
  const state = engine.printerState;
  const job = engine.currentJob;
  const t = engine.temperatures;
  const printing = state === "PRINTING";
  const storage =
    sim.flavour === "buddy"
      ? { path: "/usb/", name: "usb", read_only: false }
      : [
          { path: "/local", read_only: false, free_space: 12_000_000_000, name: "PrusaLink gcodes" },
          { path: "/sdcard", read_only: true, name: "SD Card" },
        ];
  const body = compact({
    job: job
      ? compact({
          id: job.id,
          progress: fixed(engine.progressPercent(job), 2),
          time_remaining: engine.remainingSeconds(job),
          time_printing: Math.round(job.elapsedSeconds),
        })
      : undefined,
    storage,
    transfer: sim.transfer ? statusTransfer(sim.transfer, sim.flavour === "buddy") : undefined,
    printer: compact({
      state,
      temp_bed: fixed(t.bed, 1),
      target_bed: fixed(t.targetBed, 1),
      temp_nozzle: fixed(t.nozzle, 1),
      target_nozzle: fixed(t.targetNozzle, 1),
      axis_z: job ? fixed(0.2 + (engine.progressPercent(job) / 100) * 40, 1) : 0,
      // Buddy sends X/Y only when not printing.
      axis_x: printing ? undefined : 10,
      axis_y: printing ? undefined : 20,
      flow: 100,
      speed: 100,
      fan_hotend: state === "IDLE" ? 0 : 3099,
      fan_print: printing ? 5964 : 0,
      ...(sim.flavour === "rpi"
        ? { status_printer: { ok: true, message: "OK" }, status_connect: { ok: true, message: "OK" } }
        : {}),
    }),
  });
  sendJson(ctx.res, 200, body);
  return true;
}

/** Simulated seconds into a print before the printer has a time estimate (M73 from the G-code). */
const ESTIMATE_AFTER_SECONDS = 3;

export function jobPayload(ctx: RouteContext, job: SimJob): Record<string, unknown> {
  const { sim } = ctx;
  const engine = sim.engine;
  const state = engine.printerState;
  const file = job.file;
  const dir = job.path.slice(0, job.path.lastIndexOf("/")) || "/";
  const refs = fileRefs(ctx, job.path, true);
  return compact({
    id: job.id,
    // Buddy reports ATTENTION jobs as PAUSED.
    state:
      state === "ATTENTION"
        ? "PAUSED"
        : state === "PRINTING" || state === "PAUSED" || state === "FINISHED" || state === "STOPPED"
          ? state
          : "ERROR",
    progress: fixed(engine.progressPercent(job), 2),
    // Prusa-Link sends null until the printer reports its first estimate; Buddy omits it then.
    time_remaining:
      job.elapsedSeconds < ESTIMATE_AFTER_SECONDS
        ? sim.flavour === "rpi"
          ? null
          : undefined
        : engine.remainingSeconds(job),
    time_printing: Math.round(job.elapsedSeconds),
    ...(sim.flavour === "rpi" ? { inaccurate_estimates: false } : {}),
    file: compact({
      refs,
      name: file.sfn,
      display_name: file.lfn,
      path: dir,
      ...(sim.flavour === "rpi" ? { display_path: `/PrusaLink gcodes${dir.replace(/^\/local/, "")}` } : {}),
      size: file.bytes?.length,
      m_timestamp: file.mtime,
    }),
  });
}

/** refs of a file as each flavour builds them. `path` is the API path, e.g. "/usb/A.BGC". */
export function fileRefs(
  ctx: RouteContext,
  path: string,
  printable: boolean,
  hasThumbnail = true,
): Record<string, string | null> {
  if (ctx.sim.flavour === "buddy") {
    return compact({
      ...(printable ? { icon: `/thumb/s${path}`, thumbnail: `/thumb/l${path}` } : {}),
      download: path,
    }) as Record<string, string>;
  }
  return {
    download: `/api/files${path}/raw`,
    icon: null,
    thumbnail: printable && hasThumbnail ? `/api/thumbnails${path}.orig.png` : null,
  };
}

function sendStorage(ctx: RouteContext): true {
  const body =
    ctx.sim.flavour === "buddy"
      ? { storage_list: [{ path: "/usb/", name: "usb", type: "USB", read_only: false, available: true }] }
      : {
          storage_list: [
            {
              type: "LOCAL",
              path: "/local",
              available: true,
              free_space: 12_000_000_000,
              total_space: 30_000_000_000,
              read_only: false,
              name: "PrusaLink gcodes",
              print_files: 1_234_567,
              system_files: 4242,
            },
            { type: "SDCARD", path: "/sdcard", available: false, read_only: true, name: "SD Card" },
          ],
        };
  sendJson(ctx.res, 200, body);
  return true;
}

function jobCommand(ctx: RouteContext, idText: string, command: string | undefined): true {
  const { sim, req } = ctx;
  const method = req.method ?? "GET";
  const rpi = sim.flavour === "rpi";
  if (method !== "PUT" && method !== "DELETE") return status(ctx, 405);
  if (!/^\d+$/.test(idText)) return status(ctx, 400, "Invalid job id");
  const engine = sim.engine;
  const job = engine.currentJob;
  if (!job || job.id !== Number(idText)) return status(ctx, 404, rpi ? "Not Current Job" : "");
  if (method === "DELETE") {
    if (command !== undefined) return status(ctx, 405);
    return engine.stop() ? status(ctx, 204) : status(ctx, 409, rpi ? "Printer Is Not Printing" : "");
  }
  switch (command) {
    case "pause":
      return engine.pause()
        ? status(ctx, 204)
        : status(ctx, 409, rpi ? "Printer Is Not Printing" : "Can't pause right now");
    case "resume":
      return engine.resume()
        ? status(ctx, 204)
        : status(ctx, 409, rpi ? "Printer Is Not Paused" : "Can't resume right now");
    case "continue":
      // Buddy 6.3 does not know `continue` (400); Prusa-Link answers 204 as a no-op.
      return rpi ? status(ctx, 204) : status(ctx, 400, "Unknown command");
    default:
      return status(ctx, 400, "Unknown command");
  }
}
