// Which printers a queue entry may go to (its target), and the sentence that says why the
// dispatcher chose a printer. Pure: the dispatcher (worker) and the queue page use the same words.
import type { QueueTarget } from "@printernizer/db";
import { recognizePrinterModel } from "@printernizer/printers/kinds";

export interface QueueTargetSpec {
  target: QueueTarget;
  targetPrinterId: string | null;
  targetModels: string[];
}

/**
 * A model name reduced to what identifies it, so "Bambu Lab P1S", "C12" (Bambu Studio's id) and
 * "P1S" are the same, and "Original Prusa MK4S" and "MK4S" too: the printers package's model
 * table where it knows the model, otherwise the name without vendor words, spaces and punctuation.
 */
export function modelKey(name: string): string {
  const known = recognizePrinterModel(name);
  if (known) return `${known.vendor}:${known.model.toLowerCase()}`;
  return name
    .toLowerCase()
    .replace(/\b(bambu\s*lab|original\s+prusa|prusa(\s+research)?)\b/g, "")
    .replace(/[^a-z0-9.]/g, "");
}

/** The model's short name as a person knows it ("P1S" for "C12"), or the text as given. */
export function modelName(name: string): string {
  return recognizePrinterModel(name)?.model ?? name;
}

/** Whether a printer is one the entry may print on (compatibility is checked separately). */
export function matchesTarget(spec: QueueTargetSpec, printer: { id: string; model: string | null }): boolean {
  switch (spec.target) {
    case "printer":
      return spec.targetPrinterId === printer.id;
    case "models": {
      if (!printer.model) return false;
      const key = modelKey(printer.model);
      return spec.targetModels.some((model) => modelKey(model) === key);
    }
    case "any":
      return true;
  }
}

/** What the target says in words, e.g. "any P1S or X1C", "Printer P1S-03", "any compatible printer". */
export function targetWords(spec: QueueTargetSpec, printerName?: string | null): string {
  switch (spec.target) {
    case "printer":
      return printerName ? `the printer ${printerName}` : "one printer (since removed)";
    case "models":
      return `any ${spec.targetModels.join(" or ")}`;
    case "any":
      return "any compatible printer";
  }
}

const namedColours: [string, [number, number, number]][] = [
  ["black", [0, 0, 0]],
  ["white", [255, 255, 255]],
  ["grey", [128, 128, 128]],
  ["silver", [192, 192, 192]],
  ["red", [220, 30, 30]],
  ["orange", [255, 128, 0]],
  ["yellow", [250, 220, 20]],
  ["green", [30, 160, 60]],
  ["cyan", [0, 200, 220]],
  ["blue", [30, 70, 200]],
  ["purple", [130, 50, 180]],
  ["pink", [240, 120, 180]],
  ["brown", [130, 80, 40]],
  ["beige", [225, 205, 165]],
];

/** The nearest plain colour name of "#RRGGBB" (or "#RRGGBBAA"), undefined when it is not a colour. */
export function colourName(hex: string | undefined): string | undefined {
  const match = hex && /^#?([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(hex.trim());
  if (!match) return undefined;
  const value = parseInt(match[1]!, 16);
  const rgb = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  let best = namedColours[0]!;
  let bestDistance = Infinity;
  for (const named of namedColours) {
    const distance = named[1].reduce((sum, c, i) => sum + (c - rgb[i]!) ** 2, 0);
    if (distance < bestDistance) [best, bestDistance] = [named, distance];
  }
  return best[0];
}

/** Slot labels of the compatibility check that name no place to print from. */
const unplaced = ["No tray", "Not reported"];

export interface ReasonInput {
  printerName: string;
  autoClearPlate: boolean;
  /** The model the file was sliced for, as the file says it. */
  slicedFor?: string;
  printerModel?: string | null;
  fileNozzle?: number;
  printerNozzle?: number;
  /** The filament slots the compatibility check chose: what is needed where. */
  slots: { need: { type?: string; color?: string }; label: string }[];
  /** The file is on the printer already (pre-staged): no upload wait. */
  staged: boolean;
  /** How many entries ahead of this one in the queue found no printer. */
  entriesSkipped: number;
}

/** "Chosen because P1S-03 is idle with the plate cleared, sliced for P1S, nozzle 0.4 matches, PLA white in AMS slot 2; highest-priority entry that fits." */
export function dispatchReason(input: ReasonInput): string {
  const parts = [
    `${input.printerName} is idle ${input.autoClearPlate ? "and clears its own plate" : "with the plate cleared"}`,
  ];
  if (input.slicedFor) parts.push(`sliced for ${input.slicedFor}`);
  else parts.push("model not checked (the file does not say which printer it was sliced for)");
  if (input.fileNozzle !== undefined && input.printerNozzle !== undefined)
    parts.push(`nozzle ${input.printerNozzle} matches`);
  for (const slot of input.slots) {
    // the check's labels read "AMS 1 slot 2: PLA #FFFFFF": the place is before the colon
    const place = slot.label.split(": ")[0]!;
    if (unplaced.includes(place)) continue;
    const what = [slot.need.type ?? "filament", colourName(slot.need.color)].filter(Boolean).join(" ");
    parts.push(`${what} in ${place}`);
  }
  if (input.staged) parts.push("the file is already on the printer");
  const rank =
    input.entriesSkipped === 0
      ? "highest-priority entry that fits"
      : `next entry that fits (${input.entriesSkipped} ahead of it ${input.entriesSkipped === 1 ? "has" : "have"} no matching printer ready)`;
  return `Chosen because ${parts.join(", ")}; ${rank}.`;
}
