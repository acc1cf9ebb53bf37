// Starts printing a file already on a PrusaLink printer. Refuses unless the printer's own state
// says it is free (v1 IDLE/READY/FINISHED/STOPPED, legacy "Operational" without a job), with the
// printer's state word; then v1 `POST /api/v1/files/<path>` (204) or legacy
// `POST /api/files/<path>` {"command":"select","print":true}; then confirms, by polling the status,
// that the printer is printing this file.
import type { PrinterStatus } from "../core/model";
import type { StartPrintRequest } from "../core/print-start";
import {
  PrinterConflictError,
  PrinterHttpError,
  PrinterTimeoutError,
  PrinterIntegrationError,
} from "../core/errors";
import type { PrusaLinkHttp } from "./prusalink-http";
import { encodePath } from "./prusalink-files";

/** Printer states (v1 words) in which a start is allowed. */
const FREE_STATES = new Set(["IDLE", "READY", "FINISHED", "STOPPED", "Operational"]);
export const START_CONFIRM_MS = 15_000;
const CONFIRM_POLL_MS = 1_000;

export interface StartDeps {
  http: PrusaLinkHttp;
  printerId: string;
  api: "v1" | "legacy";
  /** A fresh status from the printer (and the file path of its job, where the printer names it). */
  fetchStatus(signal: AbortSignal): Promise<{ status: PrinterStatus; jobFile: string | undefined }>;
  /** Overridable for tests; defaults to START_CONFIRM_MS. */
  confirmMs?: number;
}

export async function startPrintOn(deps: StartDeps, request: StartPrintRequest): Promise<void> {
  const signal = request.signal ?? new AbortController().signal;
  const meta = { printerId: deps.printerId, path: request.path };
  const before = await deps.fetchStatus(signal);
  const word = before.status.rawState ?? before.status.state;
  if (before.status.state !== "idle" || isActive(before.status) || !FREE_STATES.has(word))
    throw new PrinterConflictError(`The printer is not ready to start a print: it says ${word}.`, {
      meta: { ...meta, state: word },
    });
  const url = `${deps.api === "v1" ? "/api/v1/files" : "/api/files"}${encodePath(request.path)}`;
  try {
    const result = await deps.http.request("POST", url, {
      signal,
      ...(deps.api === "legacy"
        ? {
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ command: "select", print: true }),
          }
        : {}),
    });
    await result.body.dump();
  } catch (error) {
    throw startError(error, request.path, meta);
  }
  await confirmPrinting(deps, request.path, signal, meta);
}

async function confirmPrinting(
  deps: StartDeps,
  path: string,
  signal: AbortSignal,
  meta: Record<string, unknown>,
): Promise<void> {
  const deadline = Date.now() + (deps.confirmMs ?? START_CONFIRM_MS);
  let last: string;
  for (;;) {
    await sleep(CONFIRM_POLL_MS, signal);
    try {
      const { status, jobFile } = await deps.fetchStatus(signal);
      last = status.rawState ?? status.state;
      const job = status.job;
      if (
        job &&
        isActive(status) &&
        [jobFile, job.id, job.name, job.displayName].some((n) => sameFile(n, path))
      )
        return;
      if (status.rawState === "ATTENTION")
        throw new PrinterConflictError(
          "The printer asks a question on its display (for example about the filament or the printer model): answer it there to start the print.",
          { meta: { ...meta, state: last } },
        );
    } catch (error) {
      // A poll that fails is one missed look, not a failed start; the deadline decides.
      if (!(error instanceof PrinterIntegrationError) || error instanceof PrinterConflictError) throw error;
      last = error.message;
    }
    if (Date.now() >= deadline)
      throw new PrinterTimeoutError(
        `The printer accepted the start but did not report printing ${basename(path)} within ${Math.round((deps.confirmMs ?? START_CONFIRM_MS) / 1000)} s (last state: ${last}): look at the printer's display.`,
        { meta: { ...meta, state: last } },
      );
  }
}

function startError(error: unknown, path: string, meta: Record<string, unknown>): unknown {
  if (error instanceof PrinterConflictError)
    return new PrinterConflictError(`The printer refused to start the print: ${error.message}.`, {
      cause: error,
      meta: { ...meta, status: 409 },
    });
  if (error instanceof PrinterHttpError && error.status === 404)
    return new PrinterHttpError(
      `The file ${basename(path)} is no longer on the printer: upload it again.`,
      404,
      { cause: error, meta },
    );
  if (error instanceof PrinterHttpError && error.status === 400)
    // Prusa-Link answers a select+print on a printer that is not idle with 400.
    return new PrinterConflictError(
      `The printer refused to start the print (HTTP 400): it is probably busy; look at its display.`,
      { cause: error, meta: { ...meta, status: 400 } },
    );
  return error;
}

function isActive(status: PrinterStatus): boolean {
  const state = status.job?.state;
  return state === "PRINTING" || state === "PREPARING" || state === "PAUSED";
}

function sameFile(candidate: string | undefined, path: string): boolean {
  if (!candidate) return false;
  const a = candidate.toLowerCase();
  const b = path.toLowerCase();
  return a === b || basename(a) === basename(b);
}

function basename(path: string): string {
  return path.split("/").filter(Boolean).pop() ?? path;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
