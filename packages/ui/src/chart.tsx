// A small time-series line chart in plain SVG (no chart library): a few series over time,
// gaps where a value is missing, time and value ticks, and a legend that names each line
// (colour is never the only signal: dashed lines are named too).
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

const width = 640;
const height = 220;
const pad = { top: 10, right: 12, bottom: 24, left: 40 };

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return step;
}

function pathOf(points: ChartPoint[], x: (t: number) => number, y: (v: number) => number): string {
  let d = "";
  let drawing = false;
  for (const p of points) {
    if (p.v === null || p.v === undefined || !Number.isFinite(p.v)) {
      drawing = false;
      continue;
    }
    d += `${drawing ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    drawing = true;
  }
  return d;
}

function timeLabel(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
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
  const timeTicks = Array.from({ length: 5 }, (_, i) => from + (span * i) / 4);

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        className="h-auto w-full text-slate-500 dark:text-slate-400"
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
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize={11} fill="currentColor">
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
            fontSize={11}
            fill="currentColor"
          >
            {timeLabel(t)}
          </text>
        ))}
        {series.map((s) => (
          <path
            key={s.name}
            d={pathOf(s.points, x, y)}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.dashed ? "5 4" : undefined}
            strokeLinejoin="round"
          >
            <title>{s.name}</title>
          </path>
        ))}
      </svg>
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
