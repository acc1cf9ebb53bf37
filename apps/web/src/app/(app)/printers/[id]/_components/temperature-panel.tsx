"use client";

// Temperatures of the last hours from the worker's samples (one every 30 s), refreshed while
// the page is open, with the live reading from the status stream as the newest point.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Card } from "@printernizer/ui/card";
import { LineChart, type ChartSeries } from "@printernizer/ui/chart";
import type { RouterOutputs } from "@printernizer/api";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { useTRPC } from "~/trpc/react";
import { chartWindow } from "./chart-window";

type Sample = RouterOutputs["printer"]["temperatures"][number];

function liveSample(printer: FarmPrinter): Sample | null {
  const t = printer.temperatures;
  if (!printer.connected || (t.nozzle?.current === undefined && t.bed?.current === undefined)) return null;
  return {
    at: printer.updatedAt,
    nozzle: t.nozzle?.current ?? null,
    nozzleTarget: t.nozzle?.target ?? null,
    bed: t.bed?.current ?? null,
    bedTarget: t.bed?.target ?? null,
    chamber: t.chamber?.current ?? null,
  };
}

const ranges = [1, 6, 24] as const;
export function TemperaturePanel({ printer }: { printer: FarmPrinter }) {
  const printerId = printer.id;
  const trpc = useTRPC();
  const [hours, setHours] = useState<(typeof ranges)[number]>(1);
  const {
    data: samples,
    isPending,
    error,
  } = useQuery({ ...trpc.printer.temperatures.queryOptions({ printerId, hours }), refetchInterval: 30_000 });
  const live = liveSample(printer);
  // Cheap enough to redo on every render (at most a day of 30 s samples).
  const chart = (() => {
    const last = samples?.at(-1);
    const all = [...(samples ?? []), ...(live && (!last || live.at > last.at) ? [live] : [])];
    if (!all.length) return null;
    const to = Math.max(Date.now(), all.at(-1)!.at.getTime());
    const points = (pick: (s: Sample) => number | null) =>
      all.map((s) => ({ t: s.at.getTime(), v: pick(s) }));
    const series: ChartSeries[] = [
      { name: "Nozzle", color: "#e11d48", points: points((s) => s.nozzle) },
      { name: "Nozzle target", color: "#e11d48", dashed: true, points: points((s) => s.nozzleTarget) },
      { name: "Bed", color: "#0284c7", points: points((s) => s.bed) },
      { name: "Bed target", color: "#0284c7", dashed: true, points: points((s) => s.bedTarget) },
    ];
    if (all.some((s) => s.chamber !== null))
      series.push({ name: "Chamber", color: "#16a34a", points: points((s) => s.chamber) });
    return { series, ...chartWindow(all[0]!.at.getTime(), to, hours) };
  })();

  return (
    <Card>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-semibold">Temperature history</h2>
        <div className="flex gap-1" role="group" aria-label="Time range">
          {ranges.map((h) => (
            <button
              key={h}
              type="button"
              aria-pressed={hours === h}
              onClick={() => setHours(h)}
              className={`rounded border px-2 py-0.5 text-xs ${hours === h ? "border-sky-500 bg-sky-50 dark:bg-sky-950" : "border-slate-300 dark:border-slate-700"}`}
            >
              {h} h
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p className="text-sm text-red-700">{error.message}</p>
      ) : isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : chart ? (
        <LineChart
          label={`Nozzle and bed temperatures over the last ${hours === 1 ? "hour" : `${hours} hours`}`}
          unit="°"
          series={chart.series}
          from={chart.from}
          to={chart.to}
        />
      ) : (
        <p className="text-sm text-muted">
          No temperature samples in the last {hours} h. The worker records one every 30 seconds while the
          printer is connected.
        </p>
      )}
    </Card>
  );
}
