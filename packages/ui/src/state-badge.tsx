// A printer or job state as a coloured badge. Colour is never the only signal: the
// state's name is always written out (accessibility).
export type BadgeState =
  "idle" | "busy" | "printing" | "paused" | "error" | "offline" | "unknown" | "disabled";

const styles: Record<BadgeState, string> = {
  printing: "bg-sky-100 text-sky-800 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200",
  paused: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200",
  idle: "bg-emerald-100 text-emerald-800 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200",
  busy: "bg-indigo-100 text-indigo-800 ring-indigo-600/30 dark:bg-indigo-950 dark:text-indigo-200",
  error: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-200",
  offline: "bg-slate-200 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
  unknown: "bg-slate-100 text-slate-600 ring-slate-400/30 dark:bg-slate-800 dark:text-slate-400",
  disabled: "bg-slate-100 text-muted ring-slate-300/30 dark:bg-slate-900",
};

export const stateLabels: Record<BadgeState, string> = {
  printing: "Printing",
  paused: "Paused",
  idle: "Idle",
  busy: "Busy",
  error: "Error",
  offline: "Offline",
  unknown: "Unknown",
  disabled: "Disabled",
};

export function StateBadge({ state }: { state: BadgeState }) {
  return (
    <span
      data-state={state}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[state]}`}
    >
      {stateLabels[state]}
    </span>
  );
}
