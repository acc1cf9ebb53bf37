"use client";
// One printer on the wall: large type, read from across a room. State, job with progress, time
// left and finish time, temperatures, a plate waiting to be cleared, printer errors, and since
// when an unreachable printer is offline. No links, no buttons.
import { memo } from "react";
import type { WallPrinter } from "@printernizer/farm/live/wall-rows";
import { formatClock, formatDuration, formatEta } from "@printernizer/ui/format";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { StateBadge, type BadgeState } from "@printernizer/ui/state-badge";
import { TemperatureReadout } from "@printernizer/ui/temperature-readout";

export function wallBadgeState(p: WallPrinter): BadgeState {
  if (p.state === "disabled") return "disabled";
  return p.connected ? p.state : "offline";
}

export const WallCard = memo(function WallCard({
  printer: p,
  now,
}: {
  printer: WallPrinter;
  now: Date | null;
}) {
  const state = wallBadgeState(p);
  const job = p.job && (state === "printing" || state === "paused" || state === "busy") ? p.job : null;
  const t = p.temperatures;
  return (
    <article
      data-testid="wall-card"
      data-printer={p.name}
      data-state={state}
      aria-label={p.name}
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="truncate text-2xl font-semibold">{p.name}</h3>
          {p.model ? (
            <p className="truncate text-base text-slate-600 dark:text-slate-300">{p.model}</p>
          ) : null}
        </div>
        <span className="origin-top-right scale-125">
          <StateBadge state={state} />
        </span>
      </header>
      {job ? (
        <div className="space-y-2" data-testid="wall-job">
          <p className="truncate text-lg" title={job.name}>
            {job.name}
          </p>
          {job.progress !== null ? (
            <>
              <ProgressBar value={job.progress} label={`${p.name} progress`} />
              <p className="flex flex-wrap justify-between gap-x-3 text-lg tabular-nums">
                <span className="font-semibold">{Math.round(job.progress)} %</span>
                {job.remainingSeconds !== null ? (
                  <span>
                    {formatDuration(job.remainingSeconds)} left
                    {now ? ` · done ${formatEta(job.remainingSeconds, now)}` : ""}
                  </span>
                ) : null}
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      {state === "offline" ? (
        <p className="text-lg" data-testid="wall-offline">
          Offline{p.stateChangedAt && now ? ` since ${formatClock(new Date(p.stateChangedAt), now)}` : ""}
        </p>
      ) : null}
      {p.awaitingPlateClearSince && state !== "disabled" ? (
        <p
          className="rounded-md bg-amber-100 px-3 py-2 text-lg font-medium text-amber-950 dark:bg-amber-950 dark:text-amber-100"
          data-testid="wall-plate"
        >
          Plate waiting to be cleared
          {now ? ` since ${formatClock(new Date(p.awaitingPlateClearSince), now)}` : ""}
        </p>
      ) : null}
      {p.errors.length ? (
        <ul className="space-y-1 text-lg text-red-800 dark:text-red-200" data-testid="wall-errors">
          {p.errors.slice(0, 3).map((e, i) => (
            <li key={`${e.code}-${i}`}>{e.message ?? `Error ${e.code}`}</li>
          ))}
          {p.errors.length > 3 ? <li>and {p.errors.length - 3} more</li> : null}
        </ul>
      ) : null}
      <p className="mt-auto flex flex-wrap gap-x-4 text-lg">
        <TemperatureReadout label="Nozzle" value={t.nozzle} />
        <TemperatureReadout label="Bed" value={t.bed} />
        <TemperatureReadout label="Chamber" value={t.chamber} />
      </p>
    </article>
  );
});
