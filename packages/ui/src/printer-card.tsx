// One printer on the dashboard: state, job and progress with remaining time and ETA,
// temperatures, filament, errors and connection health. An unreachable printer says since when
// and why, and its last temperatures are marked stale. Pure presentation: the data comes from
// the farm query, the link and the actions (reconnect, edit credentials) from the caller.
import type { ReactNode } from "react";
import { FilamentSwatches, type FilamentSwatch } from "./filament-swatches";
import { formatAgo, formatDuration, formatEta } from "./format";
import { OfflineNotice, StaleNote, type ReachabilityNotice } from "./offline-notice";
import { PlateNotice } from "./plate-notice";
import { ProgressBar } from "./progress-bar";
import { StateBadge, type BadgeState } from "./state-badge";
import { TemperatureReadout, type TemperatureValue } from "./temperature-readout";

export interface PrinterCardData {
  id: string;
  name: string;
  kindLabel: string;
  model: string | null;
  state: BadgeState;
  connected: boolean;
  job: {
    name: string;
    progress: number | null;
    remainingSeconds: number | null;
    layer?: number;
    totalLayers?: number;
  } | null;
  temperatures: { nozzle?: TemperatureValue; bed?: TemperatureValue; chamber?: TemperatureValue };
  filament: FilamentSwatch[];
  errors: { code: string; severity: string; message?: string }[];
  lastError: { kind: string | null; message: string } | null;
  lastCommunication: Date | null;
  /** Set while the worker cannot reach the printer (offline, or it refused the login). */
  reachability?: ReachabilityNotice | null;
  /** Set while the last print's plate waits for an operator to confirm it is clear. */
  awaitingPlateClearSince?: Date | null;
}

function lastHeard(at: Date, now: Date | null): string {
  return now ? `Last heard ${formatAgo(at, now)}` : "Last heard";
}

export function PrinterCard({
  printer,
  link,
  now,
  actions,
  leading,
}: {
  printer: PrinterCardData;
  link: (children: ReactNode) => ReactNode;
  /** Null until the page runs in the browser: clock times and "ago" wait for the reader's clock. */
  now: Date | null;
  /** Buttons or links for this printer (reconnect while it is unreachable, "Plate cleared" while it waits). */
  actions?: ReactNode;
  /** Before the name, e.g. the dashboard's selection checkbox. */
  leading?: ReactNode;
}) {
  const { job, reachability } = printer;
  const stale = !printer.connected && printer.state !== "disabled";
  const showJob =
    job && (printer.state === "printing" || printer.state === "paused" || printer.state === "busy");
  return (
    <article
      data-testid="printer-card"
      data-printer-id={printer.id}
      data-state={printer.state}
      className="flex h-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-start justify-between gap-2">
        {leading}
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-medium">{link(printer.name)}</h3>
          <p className="truncate text-xs text-muted">
            {printer.kindLabel}
            {printer.model ? ` · ${printer.model}` : ""}
          </p>
        </div>
        <StateBadge state={printer.state} />
      </header>
      {showJob ? (
        <div className="space-y-1" data-testid="printer-job">
          <p className="truncate text-sm" title={job.name}>
            {job.name}
          </p>
          {job.progress !== null ? (
            <ProgressBar value={job.progress} label={`${printer.name} progress`} />
          ) : null}
          <p className="flex flex-wrap justify-between gap-x-2 text-xs text-slate-600 tabular-nums dark:text-slate-300">
            <span data-testid="printer-progress">
              {job.progress !== null ? `${Math.floor(job.progress)}%` : ""}
            </span>
            {job.totalLayers ? (
              <span>
                layer {job.layer ?? 0}/{job.totalLayers}
              </span>
            ) : null}
            {job.remainingSeconds !== null ? (
              <span>
                {formatDuration(job.remainingSeconds)} left
                {now ? ` · ETA ${formatEta(job.remainingSeconds, now)}` : ""}
              </span>
            ) : null}
          </p>
        </div>
      ) : null}
      {reachability ? <OfflineNotice notice={reachability} now={now} /> : null}
      {printer.awaitingPlateClearSince && printer.state !== "disabled" ? (
        <PlateNotice since={printer.awaitingPlateClearSince} now={now} />
      ) : null}
      <div
        className={`flex flex-wrap gap-x-3 gap-y-1 text-xs ${stale ? "text-muted" : ""}`}
        data-testid="printer-temperatures"
        data-stale={stale || undefined}
      >
        <TemperatureReadout label="Nozzle" value={printer.temperatures.nozzle} />
        <TemperatureReadout label="Bed" value={printer.temperatures.bed} />
        <TemperatureReadout label="Chamber" value={printer.temperatures.chamber} />
        {stale &&
        printer.lastCommunication &&
        (printer.temperatures.nozzle ?? printer.temperatures.bed ?? printer.temperatures.chamber) ? (
          <StaleNote lastCommunication={printer.lastCommunication} now={now} />
        ) : null}
      </div>
      <FilamentSwatches slots={printer.filament} />
      {printer.errors.length ? (
        <p
          className="rounded bg-red-50 px-2 py-1 text-xs text-red-800 dark:bg-red-950 dark:text-red-200"
          role="alert"
        >
          {printer.errors.length === 1
            ? (printer.errors[0]!.message ?? `Error ${printer.errors[0]!.code}`)
            : `${printer.errors.length} errors`}
        </p>
      ) : null}
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      <footer className="mt-auto text-xs text-muted">
        {printer.state === "disabled" ? (
          "Disabled"
        ) : reachability ? (
          printer.lastCommunication ? (
            lastHeard(printer.lastCommunication, now)
          ) : (
            "Never heard from since the worker started"
          )
        ) : !printer.connected && printer.lastError ? (
          <span className="text-red-700 dark:text-red-300">
            {printer.lastError.kind === "authentication" ? "Authentication failed: " : "Not connected: "}
            {printer.lastError.message}
          </span>
        ) : printer.lastCommunication ? (
          lastHeard(printer.lastCommunication, now)
        ) : (
          "Waiting for the first report"
        )}
      </footer>
    </article>
  );
}
