// Pre-staging: while a printer prints, the file of the entry it will most likely get next is
// uploaded to it in advance, so the next start does not wait for a slow upload (a Bambu SD card
// takes ~150 KB/s). Pure: the same matching as dispatch minus readiness. At most one staging per
// printer at a time; a printer that already holds the file of its next entry needs none; a file
// is staged on no more printers than copies of it are waiting; printers that finish sooner first.
import { fitsWithoutOverride, type CompatibilityCheck, type PlanEntry, type PlanPrinter } from "./queue-plan";
import { matchesTarget } from "./queue-matching";

export interface PrestagePrinter extends PlanPrinter {
  /** Printing (or preparing) a job now. */
  printing: boolean;
  /** Seconds left of its job, when it says. */
  remainingSeconds?: number;
  /** A stage_file command or upload for it is on its way already. */
  stagingInFlight: boolean;
  /** sha256 of files on it or on their way to it (staged ready or uploading). */
  held: ReadonlySet<string>;
}

export interface PlannedStaging {
  printer: PrestagePrinter;
  entry: PlanEntry;
}

export function planPrestage(input: {
  entries: PlanEntry[];
  printers: PrestagePrinter[];
  check: CompatibilityCheck;
}): PlannedStaging[] {
  const waiting = new Map<string, number>();
  for (const entry of input.entries)
    if (entry.metadata && entry.remaining > 0)
      waiting.set(entry.sha256, (waiting.get(entry.sha256) ?? 0) + entry.remaining);
  const heldBy = new Map<string, number>();
  for (const printer of input.printers)
    for (const sha of printer.held) heldBy.set(sha, (heldBy.get(sha) ?? 0) + 1);

  const order = [...input.printers]
    .filter((p) => p.printing && !p.stagingInFlight)
    .sort(
      (a, b) =>
        (a.remainingSeconds ?? Infinity) - (b.remainingSeconds ?? Infinity) || a.name.localeCompare(b.name),
    );
  const planned: PlannedStaging[] = [];
  for (const printer of order) {
    for (const entry of input.entries) {
      if (!entry.metadata || entry.remaining <= 0 || !matchesTarget(entry, printer)) continue;
      if (!fitsWithoutOverride(input.check(entry, printer))) continue;
      if (printer.held.has(entry.sha256)) break; // its next file is there already
      if ((heldBy.get(entry.sha256) ?? 0) >= (waiting.get(entry.sha256) ?? 0)) continue; // enough copies staged
      heldBy.set(entry.sha256, (heldBy.get(entry.sha256) ?? 0) + 1);
      planned.push({ printer, entry });
      break;
    }
  }
  return planned;
}
