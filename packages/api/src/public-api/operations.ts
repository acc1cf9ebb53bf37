// The public HTTP API (`/api/v1`): one row per operation, each calling one tRPC procedure with
// the same access rules, input schema and audit as the web app. The OpenAPI document
// (openapi.ts), the REST handler (rest-handler.ts) and the /api-docs page are all made from
// this table, so a path that is documented works and a path that works is documented.
export interface PublicOperation {
  /** Stable, unique: the OpenAPI operationId. */
  id: string;
  method: "get" | "post";
  /** Under /api/v1; `{name}` segments become input fields of that name. */
  path: string;
  /** The tRPC procedure called (dotted path). */
  procedure: string;
  summary: string;
  /** Input fields the path fixes (POST /printers/{printerId}/pause sends kind "pause"). */
  fixed?: Record<string, string>;
}

const control = (kind: "pause" | "resume" | "cancel"): PublicOperation => ({
  id: `${kind}Printer`,
  method: "post",
  path: `/printers/{printerId}/${kind}`,
  procedure: "printer.command",
  summary: `${kind[0]!.toUpperCase()}${kind.slice(1)} the printer's current print; the answer's commandId can be followed with getCommand.`,
  fixed: { kind },
});

export const publicOperations: readonly PublicOperation[] = [
  {
    id: "listPrinters",
    method: "get",
    path: "/printers",
    procedure: "farm.list",
    summary: "Every printer with its live status.",
  },
  {
    id: "getPrinter",
    method: "get",
    path: "/printers/{printerId}",
    procedure: "printer.get",
    summary: "One printer: live status, identity and open job.",
  },
  control("pause"),
  control("resume"),
  control("cancel"),
  {
    id: "confirmPlateCleared",
    method: "post",
    path: "/printers/plate-cleared",
    procedure: "printer.confirmPlateCleared",
    summary: "Tell printers their plate is cleared so they may take the next print; a result per printer.",
  },
  {
    id: "getCommand",
    method: "get",
    path: "/commands/{commandId}",
    procedure: "command.get",
    summary: "Where a command is: sent, on the printer, done, or failed with the reason.",
  },
  {
    id: "listJobs",
    method: "get",
    path: "/jobs",
    procedure: "jobs.list",
    summary: "Job history, newest first, one page at a time (pass nextCursor back as cursor).",
  },
  {
    id: "listEvents",
    method: "get",
    path: "/events",
    procedure: "events.list",
    summary: "The farm's event log, newest first, one page at a time.",
  },
  {
    id: "listQueue",
    method: "get",
    path: "/queue",
    procedure: "queue.list",
    summary: "The print queue: waiting and running entries, and the latest finished ones.",
  },
  {
    id: "getQueueEntry",
    method: "get",
    path: "/queue/{entryId}",
    procedure: "queue.get",
    summary: "One queue entry.",
  },
  {
    id: "addQueueEntry",
    method: "post",
    path: "/queue",
    procedure: "queue.add",
    summary: "Queue a library file's plate for a printer, printer models or any compatible printer.",
  },
  {
    id: "cancelQueueEntry",
    method: "post",
    path: "/queue/{entryId}/cancel",
    procedure: "queue.cancel",
    summary: "Cancel a queue entry that has not started.",
  },
  {
    id: "reorderQueueEntry",
    method: "post",
    path: "/queue/{entryId}/move",
    procedure: "queue.reorder",
    summary: "Move a queue entry before or after another one.",
  },
  {
    id: "pauseQueue",
    method: "post",
    path: "/queue/pause",
    procedure: "queue.pause",
    summary: "Stop dispatching new prints (prints already running go on).",
  },
  {
    id: "resumeQueue",
    method: "post",
    path: "/queue/resume",
    procedure: "queue.resume",
    summary: "Dispatch queued prints again.",
  },
];

/** The names of a path's `{…}` segments. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The operation a request's method and path (below /api/v1) call, with the path's parameters. */
export function matchOperation(method: string, path: string) {
  const segments = path.split("/").filter(Boolean);
  for (const operation of publicOperations) {
    if (operation.method !== method.toLowerCase()) continue;
    const pattern = operation.path.split("/").filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = pattern.every((part, i) => {
      const value = segments[i]!;
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name) params[name] = decodeURIComponent(value);
      return name ? true : part === value;
    });
    if (fits) return { operation, params };
  }
  return null;
}
