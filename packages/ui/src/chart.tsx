"use client";
// A small time-series line chart in plain SVG (no chart library): a few series over time,
// gaps where a value is missing, time and value ticks, and a legend that names each line
// (colour is never the only signal: dashed lines are named too). It is drawn at the width it
// is shown (measured), so its labels stay 12 px on a phone, with as many time ticks as fit
// (one per ~110 px); it draws once the page runs, clock times being in the reader's time zone.
import { useEffect, useRef, useState } from "react";
export interface ChartPoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number | null | undefined;
}

export interface ChartSeries {
  name: string;
  /** Any CSS colour. */
  color: string;
  dashed?: boolean;
  points: ChartPoint[];
}

const height = 240;
const pad = { top: 10, right: 12, bottom: 24, left: 44 };
const fontSize = 12;
/** Room one time label ("14:35", or "02:35 PM" ≈ 60 px) needs, with a gap even beside the start-anchored first. */
const pxPerTimeTick = 110;

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return step;
}

/** Runs of consecutive points with a value; a missing value breaks the line. */
function runsOf(points: ChartPoint[]): { t: number; v: number }[][] {
  const runs: { t: number; v: number }[][] = [];
  let current: { t: number; v: number }[] = [];
  for (const p of points) {
    if (typeof p.v === "number" && Number.isFinite(p.v)) current.push({ t: p.t, v: p.v });
    else if (current.length) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length) runs.push(current);
  return runs;
}

function timeLabel(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** The element's width in CSS pixels once it is laid out (null before), following resizes. */
function useWidth<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.round(element.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function LineChart({
  series,
  label,
  unit = "",
  from,
  to,
}: {
  series: ChartSeries[];
  label: string;
  unit?: string;
  from: number;
  to: number;
}) {
  const { ref, width: measured } = useWidth<HTMLDivElement>();
  const width = Math.max(200, measured ?? 0);
  const values = series
    .flatMap((s) => s.points.map((p) => p.v))
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const max = Math.max(10, ...values);
  const step = niceStep(max, 4);
  const top = Math.ceil(max / step) * step;
  const span = Math.max(1, to - from);
  const x = (t: number) => pad.left + ((t - from) / span) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - Math.max(0, v) / top) * (height - pad.top - pad.bottom);
  const valueTicks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const tickCount = Math.max(2, Math.min(6, Math.floor((width - pad.left - pad.right) / pxPerTimeTick) + 1));
  const timeTicks = Array.from({ length: tickCount }, (_, i) => from + (span * i) / (tickCount - 1));

  return (
    <figure className="space-y-2">
      <div ref={ref} className="w-full" style={{ height }}>
        {measured === null ? null : (
          <svg
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-label={label}
            className="block text-muted"
            data-testid="line-chart"
          >
            {valueTicks.map((v) => (
              <g key={v}>
                <line
                  x1={pad.left}
                  x2={width - pad.right}
                  y1={y(v)}
                  y2={y(v)}
                  stroke="currentColor"
                  strokeOpacity={0.2}
                />
                <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize={fontSize} fill="currentColor">
                  {v}
                  {unit}
                </text>
              </g>
            ))}
            {timeTicks.map((t, i) => (
              <text
                key={t}
                x={x(t)}
                y={height - 6}
                textAnchor={i === 0 ? "start" : i === timeTicks.length - 1 ? "end" : "middle"}
                fontSize={fontSize}
                fill="currentColor"
                data-axis="time"
              >
                {timeLabel(t)}
              </text>
            ))}
            {series.map((s) => (
              <g key={s.name} stroke={s.color} fill={s.color}>
                <title>{s.name}</title>
                {runsOf(s.points).map((run) =>
                  run.length === 1 ? (
                    // A lone sample (between gaps) would be an invisible zero-length line.
                    <circle key={run[0]!.t} cx={x(run[0]!.t)} cy={y(run[0]!.v)} r={2.5} stroke="none" />
                  ) : (
                    <polyline
                      key={run[0]!.t}
                      points={run.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ")}
                      fill="none"
                      strokeWidth={2}
                      strokeDasharray={s.dashed ? "5 4" : undefined}
                      strokeLinejoin="round"
                    />
                  ),
                )}
              </g>
            ))}
          </svg>
        )}
      </div>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1.5">
              <svg width="18" height="6" aria-hidden="true">
                <line
                  x1="0"
                  x2="18"
                  y1="3"
                  y2="3"
                  stroke={s.color}
                  strokeWidth={2}
                  strokeDasharray={s.dashed ? "4 3" : undefined}
                />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
