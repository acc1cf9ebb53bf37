// Which waiting queue entry goes to which ready printer in one dispatcher tick. Pure: the
// worker's tick (apps/worker/src/dispatch) reads entries (in dispatch order, locked), this worker's printers and the heating budget, and
// writes what this returns. Rules: entries in order, each up to its remaining copies; a printer
// gets at most one start; only printers the entry targets and whose compatibility check found
// nothing to override (auto-dispatch never overrides); a printer that has the entry's file staged
// first, then one that holds no file another entry is waiting for, then by name; and no more
// starts than the budget of printers allowed to heat up at once.
import type { CompatibilityResult } from "./print-compatibility";
import { dispatchReason, matchesTarget, modelName, type QueueTargetSpec } from "./queue-matching";
import type { FileMetadata } from "@printernizer/file-meta";
import type { PrintOptions, PrinterStatus } from "@printernizer/printers";

export interface PlanEntry extends QueueTargetSpec {
  id: string;
  libraryFileId: string;
  fileName: string;
  sha256: string;
  /** null: the stored metadata does not parse; such an entry is never dispatched. */
  metadata: FileMetadata | null;
  plate: number;
  /** copies − copiesStarted. */
  remaining: number;
  options: PrintOptions;
}

export interface PlanPrinter {
  id: string;
  name: string;
  kind: string;
  model: string | null;
  autoClearPlate: boolean;
  status: PrinterStatus | null;
  /** printReadiness said ready. */
  ready: boolean;
  /** sha256 of files staged on it and ready to start. */
  staged: ReadonlySet<string>;
}

export type CompatibilityCheck = (entry: PlanEntry, printer: PlanPrinter) => CompatibilityResult;

export interface PlannedStart {
  entry: PlanEntry;
  printer: PlanPrinter;
  compatibility: CompatibilityResult;
  staged: boolean;
  /** The start's options: the entry's, with the AMS mapping the check chose when the entry has none. */
  options: PrintOptions;
  reason: string;
}

/** Nothing the person would have to override: no blocking problem and no mismatch (warnings are fine). */
export function fitsWithoutOverride(result: CompatibilityResult): boolean {
  return result.problems.every((p) => p.level === "warning");
}

/** The printers an entry may go to now, with their check, best first. */
function candidates(
  entry: PlanEntry,
  free: PlanPrinter[],
  check: CompatibilityCheck,
  wantedElsewhere: (printer: PlanPrinter) => boolean,
) {
  const fitting: { printer: PlanPrinter; compatibility: CompatibilityResult; staged: boolean }[] = [];
  for (const printer of free) {
    if (!printer.ready || !matchesTarget(entry, printer)) continue;
    const compatibility = check(entry, printer);
    if (fitsWithoutOverride(compatibility))
      fitting.push({ printer, compatibility, staged: printer.staged.has(entry.sha256) });
  }
  const rank = (c: (typeof fitting)[number]) => (c.staged ? 0 : wantedElsewhere(c.printer) ? 2 : 1);
  return fitting.sort((a, b) => rank(a) - rank(b) || a.printer.name.localeCompare(b.printer.name));
}

export function planDispatch(input: {
  entries: PlanEntry[];
  printers: PlanPrinter[];
  /** How many more printers may start heating up now (maxHeating − heating). */
  budget: number;
  check: CompatibilityCheck;
}): PlannedStart[] {
  const planned: PlannedStart[] = [];
  const free = new Set(input.printers.filter((p) => p.ready));
  const remaining = new Map(input.entries.map((e) => [e.id, e.remaining]));
  // A printer holding a staged file that a waiting entry (other than this one) needs is kept for it if possible.
  const wantedElsewhere = (entry: PlanEntry) => (printer: PlanPrinter) =>
    input.entries.some(
      (other) =>
        other.id !== entry.id && (remaining.get(other.id) ?? 0) > 0 && printer.staged.has(other.sha256),
    );
  let skipped = 0;
  for (const entry of input.entries) {
    if (planned.length >= input.budget) break;
    if (!entry.metadata || entry.remaining <= 0) continue;
    let given = 0;
    while ((remaining.get(entry.id) ?? 0) > 0 && planned.length < input.budget) {
      const [best] = candidates(entry, [...free], input.check, wantedElsewhere(entry));
      if (!best) break;
      free.delete(best.printer);
      remaining.set(entry.id, (remaining.get(entry.id) ?? 0) - 1);
      given++;
      const { metadata } = entry;
      planned.push({
        entry,
        printer: best.printer,
        compatibility: best.compatibility,
        staged: best.staged,
        options: {
          ...entry.options,
          ...(entry.options.amsMapping || !best.compatibility.amsMapping
            ? {}
            : { amsMapping: best.compatibility.amsMapping }),
        },
        reason: dispatchReason({
          printerName: best.printer.name,
          autoClearPlate: best.printer.autoClearPlate,
          slicedFor:
            metadata.printerModel && !best.compatibility.problems.some((p) => p.code === "model_unchecked")
              ? modelName(metadata.printerModel)
              : undefined,
          printerModel: best.printer.model,
          fileNozzle: metadata.nozzleDiameter,
          printerNozzle: best.printer.status?.nozzleDiameter,
          slots: best.compatibility.slots,
          staged: best.staged,
          entriesSkipped: skipped,
        }),
      });
    }
    if (given === 0) skipped++;
  }
  return planned;
}
