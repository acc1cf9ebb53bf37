"use client";
// One printer as a table row. Memoized on the row object: the stream replaces only the rows that
// changed, so an update re-renders those rows alone. No clock-dependent text (hydration-safe).
import Link from "next/link";
import { memo } from "react";
import type { FarmPrinter } from "@printernizer/farm/farm";
import { printerKindLabel } from "@printernizer/printers/kinds";
import { formatDuration } from "@printernizer/ui/format";
import { ProgressBar } from "@printernizer/ui/progress-bar";
import { StateBadge } from "@printernizer/ui/state-badge";
import { bucketOf } from "./buckets";
import { SelectBox, type OnSelect } from "./select-box";

export const rowHeight = 40;
const cell = "overflow-hidden text-ellipsis whitespace-nowrap px-2";

function temperature(value: { current?: number; target?: number } | undefined): string {
  if (value?.current === undefined) return "–";
  const target = value.target !== undefined && value.target > 0 ? ` / ${Math.round(value.target)}°` : "";
  return `${Math.round(value.current)}°${target}`;
}

function lastError(p: FarmPrinter): string {
  if (p.errors.length) return p.errors[0]!.message ?? `Error ${p.errors[0]!.code}`;
  if (!p.connected && p.lastError && p.state !== "disabled") return p.lastError.message;
  return "";
}

export const FarmTableRow = memo(function FarmTableRow({
  printer: p,
  index,
  selected = false,
  onSelect = null,
}: {
  printer: FarmPrinter;
  /** 1-based position among the table's rows (the header row is 1). */
  index: number;
  selected?: boolean;
  /** Null: no checkbox column (viewers). */
  onSelect?: OnSelect | null;
}) {
  const bucket = bucketOf(p);
  const job = p.state === "printing" || p.state === "paused" || p.state === "busy" ? p.job : null;
  const error = lastError(p);
  return (
    <tr
      data-testid="farm-row"
      data-printer-id={p.id}
      data-state={p.state}
      data-bucket={bucket}
      aria-rowindex={index}
      style={{ height: rowHeight }}
      className="border-t border-slate-100 dark:border-slate-800"
    >
      {onSelect ? (
        <td className="px-2">
          <SelectBox printerId={p.id} name={p.name} checked={selected} onSelect={onSelect} />
        </td>
      ) : null}
      <td className={`${cell} font-medium`}>
        <Link
          href={`/printers/${p.id}`}
          className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        >
          {p.name}
        </Link>
      </td>
      <td className={cell}>
        <StateBadge state={p.state} />
        {bucket === "plate" ? (
          <span className="ml-1 text-xs text-amber-700 dark:text-amber-300">plate</span>
        ) : null}
      </td>
      <td className={cell} title={job?.name}>
        {job?.name ?? ""}
      </td>
      <td className={cell}>
        {job && job.progress !== null ? (
          <span className="flex items-center gap-2">
            <span className="w-16">
              <ProgressBar value={job.progress} label={`${p.name} progress`} />
            </span>
            <span className="tabular-nums" data-testid="row-progress">
              {Math.floor(job.progress)}%
            </span>
          </span>
        ) : null}
      </td>
      <td className={`${cell} tabular-nums`}>
        {job && job.remainingSeconds !== null ? formatDuration(job.remainingSeconds) : ""}
      </td>
      <td className={`${cell} tabular-nums`}>{temperature(p.temperatures.nozzle)}</td>
      <td className={`${cell} tabular-nums`}>{temperature(p.temperatures.bed)}</td>
      <td className={`${cell} text-slate-600 dark:text-slate-300`}>
        {printerKindLabel(p.kind)}
        {p.model ? ` · ${p.model}` : ""}
      </td>
      <td className={`${cell} text-red-700 dark:text-red-300`} title={error || undefined}>
        {error}
      </td>
    </tr>
  );
});
