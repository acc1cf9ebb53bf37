// Legacy OctoPrint-style endpoints (prusalink.md §4): /api/printer, /api/job (GET, POST
// commands), /api/files. Served by both flavours; the only API a "0.9.0-legacy" printer has.
import type { RouteContext } from "./simulator-types";
import { readBody, sendJson, sendStatus } from "./sim-responses";
import { legacyFileInfo, legacyFilePost } from "./routes-legacy-upload";
import { legacyListing } from "./routes-legacy-listing";

function status(ctx: RouteContext, code: number, message = ""): true {
  ctx.req.resume();
  sendStatus(ctx.req, ctx.res, code, message);
  return true;
}

/** Buddy (basic_gets.cpp get_job_octoprint): the job text; "Operational" has no job. */
const BUDDY_JOB_TEXT: Record<string, string> = {
  PRINTING: "Printing",
  PAUSED: "Paused",
  ATTENTION: "Error",
  BUSY: "Operational",
  FINISHED: "Operational",
  STOPPED: "Operational",
  IDLE: "Operational",
};

/** Prusa-Link (web/main.py PRINTER_STATES): one text per printer state, for /api/printer and /api/job. */
const RPI_TEXT: Record<string, string> = {
  IDLE: "Operational",
  READY: "Operational",
  BUSY: "Busy",
  PRINTING: "Printing",
  PAUSED: "Paused",
  FINISHED: "Operational",
  STOPPED: "Cancelling",
  ERROR: "Error",
  ATTENTION: "Error",
};

export async function handleLegacy(ctx: RouteContext): Promise<boolean> {
  const { path, req, sim } = ctx;
  const method = req.method ?? "GET";
  const engine = sim.engine;
  if (path === "/api/printer" && method === "GET") {
    sendJson(ctx.res, 200, sim.flavour === "buddy" ? buddyPrinter(ctx) : rpiPrinter(ctx));
    return true;
  }
  if (path === "/api/job") {
    if (method === "GET") {
      sendJson(ctx.res, 200, sim.flavour === "buddy" ? buddyJob(ctx) : rpiJob(ctx));
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
      if (command.command === "cancel" && sim.flavour === "rpi" && !engine.currentJob)
        ok = sim.selectFile(undefined); // Prusa-Link: cancel while idle deselects the file
      else if (command.command === "cancel") ok = engine.stop();
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
    const segments = path.slice("/api/files".length).split("/").filter(Boolean);
    if (method === "POST" && segments.length > 0) return legacyFilePost(ctx, segments);
    if (method !== "GET" || path.endsWith("/raw")) return false;
    if (legacyFileInfo(ctx, segments)) return true;
    sendJson(ctx.res, 200, { files: legacyListing(ctx) });
    return true;
  }
  return false;
}

function buddyPrinter(ctx: RouteContext): Record<string, unknown> {
  const engine = ctx.sim.engine;
  const state = engine.printerState;
  const t = engine.temperatures;
  const printing = state === "PRINTING" || state === "PAUSED" || state === "ATTENTION";
  const paused = state === "PAUSED";
  const linkState = state === "IDLE" || state === "FINISHED" || state === "STOPPED" ? undefined : state;
  return {
    telemetry: {
      "temp-bed": t.bed,
      "temp-nozzle": t.nozzle,
      "print-speed": 100,
      "z-height": 0.2,
      // The filament type set for the extruder; "---" when none is loaded.
      material: engine.hasJob() ? "PLA" : "---",
    },
    temperature: {
      tool0: { actual: t.nozzle, target: t.targetNozzle, display: t.targetNozzle, offset: 0 },
      bed: { actual: t.bed, target: t.targetBed, offset: 0 },
    },
    state: {
      text: printing ? "Printing" : "Operational",
      flags: {
        ...(linkState ? { link_state: linkState } : {}),
        operational: !printing && state !== "BUSY",
        paused,
        printing,
        cancelling: false,
        pausing: false,
        error: state === "ATTENTION",
        sdReady: false,
        closedOnError: false,
        ready: !printing && state !== "BUSY",
        busy: state === "BUSY" || state === "ATTENTION",
      },
    },
  };
}

function buddyJob(ctx: RouteContext): Record<string, unknown> {
  const engine = ctx.sim.engine;
  const job = engine.currentJob;
  const text = BUDDY_JOB_TEXT[engine.printerState] ?? "Operational";
  if (!job) return { state: text, job: null, progress: null };
  return {
    state: text,
    job: {
      estimatedPrintTime: job.durationSeconds,
      file: { name: job.file.lfn, path: job.path, display: job.file.lfn },
    },
    progress: {
      printTimeLeft: engine.remainingSeconds(job),
      completion: Number((engine.progressPercent(job) / 100).toFixed(2)),
      printTime: Math.round(job.elapsedSeconds),
    },
  };
}

function rpiPrinter(ctx: RouteContext): Record<string, unknown> {
  const { sim } = ctx;
  const engine = sim.engine;
  const state = engine.printerState;
  const t = engine.temperatures;
  return {
    temperature: {
      tool0: { actual: t.nozzle, target: t.targetNozzle },
      bed: { actual: t.bed, target: t.targetBed },
    },
    sd: { ready: false },
    state: {
      text: RPI_TEXT[state] ?? "Operational",
      flags: {
        operational: state === "IDLE" || state === "FINISHED" || state === "STOPPED",
        paused: state === "PAUSED",
        printing: state === "PRINTING",
        // Prusa-Link 0.7.0 always sent false here and had no link_state.
        cancelling: !sim.options.legacyApi && state === "STOPPED",
        pausing: state === "PAUSED",
        sdReady: false,
        error: false,
        ready: state === "IDLE",
        closedOrError: false,
        finished: state === "FINISHED",
        prepared: false,
        ...(sim.options.legacyApi ? {} : { link_state: state }),
      },
    },
    // Prusa-Link does not know the loaded filament and always says so this way.
    telemetry: {
      "temp-bed": t.bed,
      "temp-nozzle": t.nozzle,
      material: " - ",
      "z-height": 0.2,
      "print-speed": 100,
      axis_x: 10,
      axis_y: 20,
      axis_z: 0.2,
    },
    storage: { local: { free_space: 12_000_000_000, total_space: 30_000_000_000 }, sd_card: null },
  };
}

function rpiJob(ctx: RouteContext): Record<string, unknown> {
  const { sim } = ctx;
  const engine = sim.engine;
  const job = engine.currentJob;
  const selected = sim.selectedFile();
  const name = selected ? selected.path.split("/").pop()! : null;
  const file = selected
    ? {
        name,
        path: selected.path,
        size: selected.node.bytes?.length ?? null,
        origin: "local",
        date: selected.node.mtime,
        display: name,
      }
    : { name: null, path: null, date: null, size: null, origin: null, display: null };
  // Progress and times only while a print is in progress (job state IN_PROGRESS).
  return {
    job: {
      estimatedPrintTime: job ? job.durationSeconds : selected ? (selected.node.printSeconds ?? null) : null,
      averagePrintTime: null,
      lastPrintTime: null,
      filament: null,
      file,
      user: "_api",
    },
    progress: {
      completion: job ? engine.progressPercent(job) / 100 : null,
      filepos: 0,
      printTime: job ? Math.round(job.elapsedSeconds) : null,
      printTimeLeft: job ? engine.remainingSeconds(job) : null,
      printTimeLeftOrigin: "estimate",
      pos_z_mm: 0.2,
      printSpeed: 100,
      flow_factor: 100,
    },
    state: RPI_TEXT[engine.printerState] ?? "Operational",
  };
}
