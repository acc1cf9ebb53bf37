"use client";

// What the printer is doing now: state, the current job with its thumbnail, temperatures,
// AMS trays / spool and the errors it reports (with the vendor's explanation where known).
import type { RouterOutputs } from "@printernizer/api";
import { errorHelpUrl } from "@printernizer/printers/kinds";
import { Card } from "@printernizer/ui/card";
import { cssColor, slotContent, unitName } from "@printernizer/ui/filament-swatches";
import { formatAgo, formatDuration, formatEta } from "@printernizer/ui/format";
import { StaleNote } from "@printernizer/ui/offline-notice";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { TemperatureReadout } from "@printernizer/ui/temperature-readout";

type Detail = RouterOutputs["printer"]["get"];

const severityStyles: Record<string, string> = {
  fatal: "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950",
  serious: "border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950",
  common: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950",
  info: "border-slate-300 bg-slate-50 dark:border-slate-700 dark:bg-slate-900",
};

export function CurrentJob({ detail, now }: { detail: Detail; now: Date | null }) {
  const { printer, currentJob } = detail;
  const job = printer.job;
  const running =
    job && (printer.state === "printing" || printer.state === "paused" || printer.state === "busy");
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Current job</h2>
      {running ? (
        <div className="flex gap-3" data-testid="current-job">
          {currentJob?.thumbnailSha256 ? (
            <img
              src={`/api/thumbnails/${currentJob.thumbnailSha256}`}
              alt={`Preview of ${job.name}`}
              className="h-24 w-24 shrink-0 rounded border border-slate-200 object-contain dark:border-slate-700"
            />
          ) : null}
          <div className="min-w-0 flex-1 space-y-1.5">
            <p className="truncate font-medium" title={job.name}>
              {currentJob?.displayName ?? job.name}
            </p>
            {job.progress !== null ? (
              <>
                <ProgressBar value={job.progress} label="Print progress" />
                <p className="text-sm tabular-nums text-slate-600 dark:text-slate-300">
                  <span data-testid="job-progress">{Math.round(job.progress)}%</span>
                  {job.layer !== undefined && job.totalLayers
                    ? ` · layer ${job.layer} of ${job.totalLayers}`
                    : ""}
                  {job.remainingSeconds !== null ? ` · ${formatDuration(job.remainingSeconds)} left` : ""}
                  {job.remainingSeconds !== null && now
                    ? `, done at ${formatEta(job.remainingSeconds, now)}`
                    : ""}
                </p>
              </>
            ) : null}
            {currentJob && now ? (
              <p className="text-xs text-muted">Started {formatAgo(currentJob.startedAt, now)}</p>
            ) : null}
          </div>
        </div>
      ) : (
        <p className="text-sm text-muted">No print running.</p>
      )}
    </Card>
  );
}

/** The printer's temperatures; while it cannot be reached, its last ones, greyed and marked "last seen". */
export function Temperatures({ detail, stale, now }: { detail: Detail; stale: boolean; now: Date | null }) {
  const t = detail.printer.temperatures;
  const lastSeen = detail.printer.lastCommunication;
  const extra = (t.nozzles ?? []).slice(1);
  const any =
    t.nozzle?.current !== undefined || t.bed?.current !== undefined || t.chamber?.current !== undefined;
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Temperatures</h2>
      {any ? (
        <div
          className={`flex flex-wrap gap-x-4 gap-y-1 text-sm ${stale ? "text-muted" : ""}`}
          data-testid="printer-temperatures"
          data-stale={stale || undefined}
        >
          <TemperatureReadout label="Nozzle" value={t.nozzle} />
          {extra.map((n, i) => (
            <TemperatureReadout key={i} label={`Nozzle ${i + 2}`} value={n} />
          ))}
          <TemperatureReadout label="Bed" value={t.bed} />
          <TemperatureReadout label="Chamber" value={t.chamber} />
          {stale && lastSeen ? <StaleNote lastCommunication={lastSeen} now={now} /> : null}
        </div>
      ) : (
        <p className="text-sm text-muted">The printer reports no temperatures right now.</p>
      )}
    </Card>
  );
}

function trayName(s: Detail["printer"]["filament"][number]): string {
  return s.unit === "external" ? unitName(s.unit) : `${unitName(s.unit)}, tray ${s.slot + 1}`;
}

export function FilamentTrays({ detail }: { detail: Detail }) {
  const slots = detail.printer.filament;
  if (!slots.length) return null;
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Filament</h2>
      <ul className="grid gap-2 sm:grid-cols-2" aria-label="AMS trays">
        {slots.map((s) => (
          <li
            key={`${s.unit}-${s.slot}`}
            className={`flex items-center gap-2 rounded border p-2 text-sm ${s.active ? "border-sky-500" : "border-slate-200 dark:border-slate-700"}`}
          >
            <span
              className="h-6 w-6 shrink-0 rounded border border-slate-300 dark:border-slate-600"
              style={{ backgroundColor: cssColor(s.color) ?? "transparent" }}
              aria-hidden="true"
            />
            <span className="min-w-0">
              <span className="block font-medium">{trayName(s)}</span>
              <span className="block text-xs text-muted">
                {slotContent(s)}
                {s.remainingPercent !== undefined && s.remainingPercent >= 0
                  ? ` · ${s.remainingPercent}% left`
                  : ""}
                {/* On printers with two nozzles: which one this slot feeds (numbered as the temperatures). */}
                {s.extruder !== undefined ? ` · nozzle ${s.extruder + 1}` : ""}
                {s.active ? " · in use" : ""}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function PrinterErrors({ detail }: { detail: Detail }) {
  const { printer } = detail;
  // While the printer is unreachable the notice at the top says why; here only while connected.
  const lastError = printer.connected ? printer.lastError : null;
  if (!printer.errors.length && !lastError) return null;
  return (
    <Card>
      <h2 className="mb-2 font-semibold">Errors</h2>
      <ul className="space-y-2" data-testid="printer-errors">
        {printer.errors.map((e) => {
          const url = errorHelpUrl(printer.kind, e);
          return (
            <li
              key={e.code}
              className={`rounded border p-2 text-sm ${severityStyles[e.severity] ?? severityStyles.info}`}
            >
              <p>
                <span className="font-mono">{e.code}</span>{" "}
                <span className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-300">
                  {e.severity}
                </span>
                {e.module ? <span className="text-xs text-muted"> · {e.module}</span> : null}
              </p>
              {e.message ? <p>{e.message}</p> : null}
              {url ? (
                <a
                  href={url}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="text-sky-700 underline dark:text-sky-400"
                >
                  What this means and how to fix it
                </a>
              ) : null}
            </li>
          );
        })}
        {lastError ? (
          <li className="rounded border border-slate-300 p-2 text-sm dark:border-slate-700">
            <span className="font-medium">Connection{lastError.kind ? ` (${lastError.kind})` : ""}:</span>{" "}
            {lastError.message}
          </li>
        ) : null}
      </ul>
    </Card>
  );
}
