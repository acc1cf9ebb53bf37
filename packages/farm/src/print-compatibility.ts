// May this file (plate) be printed on this printer, and what would a person want to know first?
// Pure: the start dialog, the server's re-check before a start and the queue's dispatcher all
// call it with what they read from the database. Problems have a level:
//   blocking — cannot work at all (a format the printer cannot print, a plate that is not sliced);
//   mismatch — probably wrong (another model, nozzle, material or colour): needs an explicit override;
//   warning  — could not be checked (unknown model, unreported filament): shown, nothing to override.
import type { FileMetadata, FilamentNeed, PrintFileFormat } from "@printernizer/file-meta";
import type { PrinterStatus } from "@printernizer/printers";
import { recognizePrinterModel } from "@printernizer/printers/kinds";
import { checkMaterials } from "./print-compatibility-materials";

export type ProblemLevel = "blocking" | "mismatch" | "warning";
export type CompatibilityCode =
  | "format"
  | "plate"
  | "model"
  | "model_unchecked"
  | "nozzle"
  | "nozzle_unchecked"
  | "material"
  | "color"
  | "too_many_filaments"
  | "filament_unknown";

export interface CompatibilityProblem {
  code: CompatibilityCode;
  level: ProblemLevel;
  /** level === "blocking": no override can start it. */
  blocking: boolean;
  /** For a person: what is wrong, in the printer's and the file's terms. */
  message: string;
}

/** One filament of the plate and where it prints from (what the mapping editor shows). */
export interface FilamentChoice {
  /** 1-based filament index in the file. */
  index: number;
  need: { type?: string | undefined; color?: string | undefined };
  /** Bambu tray id (AMS unit * 4 + slot, 128+ AMS HT, 254/255 external spool). */
  trayId?: number;
  label: string;
}

export interface CompatibilityInput {
  metadata: FileMetadata;
  /** 3MF plate number (1-based); 1 for G-code. */
  plate: number;
  printer: { kind: string; model: string | null; name: string };
  /** The printer's last live status, as far as the check reads it (null: never heard from). */
  status: Pick<PrinterStatus, "filament" | "nozzleDiameter"> | null;
  /** Bambu "use AMS" (default true); false prints from the external spool. */
  useAms?: boolean;
  /** A mapping the person chose in the editor: checked as it is instead of choosing one. */
  amsMapping?: readonly number[];
}

export interface CompatibilityResult {
  problems: CompatibilityProblem[];
  /** Bambu: index = filament index in the file − 1, value = tray id, −1 = not used. */
  amsMapping?: number[];
  slots: FilamentChoice[];
}

/**
 * What each kind prints (Bambu: sliced .3mf and plain G-code, `project_file`/`gcode_file`;
 * PrusaLink: G-code and binary G-code; a PrusaSlicer .3mf is a project, not a print).
 */
const PRINTABLE_FORMATS: Record<string, { formats: PrintFileFormat[]; vendor: string }> = {
  bambu: { formats: ["3mf", "gcode"], vendor: "Bambu Lab printers print sliced .3mf and .gcode files" },
  prusalink: { formats: ["gcode", "bgcode"], vendor: "Prusa printers print .gcode and .bgcode files" },
};

const problem = (code: CompatibilityCode, level: ProblemLevel, message: string): CompatibilityProblem => ({
  code,
  level,
  blocking: level === "blocking",
  message,
});

/** The problems a person must explicitly override before a start. */
export const overridable = (problems: readonly CompatibilityProblem[]) =>
  problems.filter((p) => p.level === "mismatch");
export const blockers = (problems: readonly CompatibilityProblem[]) =>
  problems.filter((p) => p.level === "blocking");

function checkFormat(input: CompatibilityInput): CompatibilityProblem[] {
  const rule = PRINTABLE_FORMATS[input.printer.kind];
  const format = input.metadata.format;
  if (!rule || rule.formats.includes(format)) return [];
  return [
    problem(
      "format",
      "blocking",
      `This printer cannot print .${format} files (${rule.vendor}); slice the model for this printer and upload that file.`,
    ),
  ];
}

/** The plate's filaments, or a blocking problem when the plate cannot be printed. */
function plateNeeds(input: CompatibilityInput): { needs: FilamentNeed[]; problems: CompatibilityProblem[] } {
  const { metadata, plate } = input;
  if (metadata.format !== "3mf") {
    if (plate === 1) return { needs: metadata.filaments, problems: [] };
    return {
      needs: [],
      problems: [problem("plate", "blocking", `A .${metadata.format} file has no plates: print plate 1.`)],
    };
  }
  const found = metadata.plates.find((p) => p.index === plate);
  if (found) return { needs: found.filaments, problems: [] };
  const sliced = metadata.plates.map((p) => p.index);
  return {
    needs: [],
    problems: [
      problem(
        "plate",
        "blocking",
        sliced.length === 0
          ? "This 3MF has no sliced plates: slice it in the slicer, export the sliced file and upload that."
          : `Plate ${plate} is not sliced in this file (sliced: ${sliced.join(", ")}); choose one of those or slice plate ${plate} and upload again.`,
      ),
    ],
  };
}

function checkModel(input: CompatibilityInput): CompatibilityProblem[] {
  const fileText = input.metadata.printerModel?.trim();
  const fileModel = recognizePrinterModel(fileText);
  const printerModel = recognizePrinterModel(input.printer.model);
  if (!fileText)
    return [
      problem(
        "model_unchecked",
        "warning",
        "Model not checked: the file does not say which printer it was sliced for.",
      ),
    ];
  if (!fileModel)
    return [
      problem(
        "model_unchecked",
        "warning",
        `Model not checked: the file was sliced for “${fileText}”, a printer Printernizer does not know.`,
      ),
    ];
  if (!printerModel)
    return [
      problem(
        "model_unchecked",
        "warning",
        `Model not checked: ${input.printer.name} has ${input.printer.model ? `the unknown model “${input.printer.model}”` : "no model set"} (Admin → Printers).`,
      ),
    ];
  if (fileModel.vendor === printerModel.vendor && fileModel.model === printerModel.model) return [];
  return [problem("model", "mismatch", `Sliced for ${fileModel.label}, this is a ${printerModel.model}.`)];
}

function checkNozzle(input: CompatibilityInput): CompatibilityProblem[] {
  const wanted = input.metadata.nozzleDiameter;
  const has = input.status?.nozzleDiameter;
  if (wanted === undefined)
    return [
      problem(
        "nozzle_unchecked",
        "warning",
        "Nozzle not checked: the file does not say its nozzle diameter.",
      ),
    ];
  if (has === undefined)
    return [
      problem(
        "nozzle_unchecked",
        "warning",
        `Nozzle not checked: the printer does not report its nozzle (the file needs ${wanted} mm).`,
      ),
    ];
  if (Math.abs(wanted - has) <= 0.01) return [];
  return [
    problem("nozzle", "mismatch", `Sliced for a ${wanted} mm nozzle, this printer has a ${has} mm nozzle.`),
  ];
}

export function checkCompatibility(input: CompatibilityInput): CompatibilityResult {
  const format = checkFormat(input);
  const plate = plateNeeds(input);
  const materials = checkMaterials({
    kind: input.printer.kind,
    needs: plate.needs,
    filament: input.status?.filament,
    useAms: input.useAms ?? true,
    ...(input.amsMapping ? { amsMapping: input.amsMapping } : {}),
  });
  const problems = [
    ...format,
    ...plate.problems,
    ...checkModel(input),
    ...checkNozzle(input),
    ...materials.problems,
  ];
  return {
    problems,
    slots: materials.slots,
    ...(materials.amsMapping ? { amsMapping: materials.amsMapping } : {}),
  };
}
