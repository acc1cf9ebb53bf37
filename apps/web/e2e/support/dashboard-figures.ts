// The dashboard's figures in a real browser (dashboard-metrics.ts measures them), their targets
// (issue 16: first render ≤ 1.5 s, no long task over 200 ms while updates stream, JS heap ≤ 150 MB)
// and their printed form. No browser code here: the bench's report reads it in Node.

/** The counters that partition the farm (each printer counts in exactly one of them). */
export const partitionCounters = ["printing", "paused", "plate", "idle", "error", "offline"] as const;
export const targets = { firstRenderMs: 1_500, longTaskMs: 200, heapMiB: 150 } as const;

export interface LongTaskFigures {
  longestTaskMs: number;
  /** Long tasks (every task over 50 ms) and those over the 200 ms target. */
  longTasks: number;
  longTasksOver200: number;
}

export interface ViewFigures {
  view: "cards" | "table";
  printers: number;
  /** Navigation start → the first printer card / table row laid out on screen. */
  firstItemMs: number;
  /** Navigation start → the counters showing the whole farm. */
  countersTotalMs: number;
  counters: Record<string, number>;
  /** From navigation until a printer and the whole farm's counters were shown. */
  load: LongTaskFigures;
  stream: LongTaskFigures & { seconds: number; stateChangesRendered: number };
  heapUsedMiB: number;
  heapAfterGcMiB: number;
  scroll?: LongTaskFigures & { ms: number; steps: number; rowsSeen: number; longestFrameMs: number };
}

const mark = (value: number, target: number) =>
  `${value} (target ≤ ${target}: ${value <= target ? "met" : "NOT met"})`;

/** One line per figure, each next to its target. */
export function formatViewFigures(f: ViewFigures): string[] {
  const lines = [
    `${f.view} view, ${f.printers} printers:`,
    `  first ${f.view === "table" ? "row" : "card"} visible after navigation: ${mark(f.firstItemMs, targets.firstRenderMs)} ms`,
    `  counters showing all ${f.printers}: ${mark(f.countersTotalMs, targets.firstRenderMs)} ms (${Object.entries(
      f.counters,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")})`,
    `  while loading: longest task ${f.load.longestTaskMs} ms, ${f.load.longTasksOver200} over 200 ms`,
    `  ${f.stream.seconds} s of streaming updates (${f.stream.stateChangesRendered} state changes rendered): longest task ${mark(f.stream.longestTaskMs, targets.longTaskMs)} ms; long tasks > 200 ms: ${f.stream.longTasksOver200} (target 0); > 50 ms: ${f.stream.longTasks}`,
  ];
  if (f.scroll)
    lines.push(
      `  scrolling the table top to bottom: ${f.scroll.ms} ms in ${f.scroll.steps} steps, ${f.scroll.rowsSeen} rows seen, longest frame ${f.scroll.longestFrameMs} ms, longest task ${mark(f.scroll.longestTaskMs, targets.longTaskMs)} ms, ${f.scroll.longTasksOver200} over 200 ms`,
    );
  lines.push(
    `  JS heap used at the end: ${mark(f.heapUsedMiB, targets.heapMiB)} MiB (${f.heapAfterGcMiB} MiB after a garbage collection)`,
  );
  return lines;
}
