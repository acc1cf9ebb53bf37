// Which printer model a name means, whoever wrote it: a slicer (PrusaSlicer's `printer_model`
// "MK4S" or "MK4IS", Bambu Studio's "Bambu Lab P1S" or a 3MF's model id "C12"), a printer
// (PrusaLink's type, Bambu's product name) or the admin form ("Core One", "A1 mini"). Protocol-free
// (exported through ./kinds), so the start dialog and the queue's dispatcher compare models the same way.
import { BAMBU_MODELS, BAMBU_SLICER_MODEL_IDS, bambuModelFacts } from "./bambu/bambu-models";

export interface RecognizedModel {
  vendor: "bambu" | "prusa";
  /** The model's one name ("P1S", "MK4S", "CORE One"): two names mean the same printer when these are equal. */
  model: string;
  /** For a sentence: "Bambu Lab X1 Carbon", "Prusa MK4S". */
  label: string;
}

/**
 * Prusa printers by PrusaSlicer's `printer_model` and PrusaLink's type. Input-shaper ("IS") and
 * multi-tool variants ("XL5IS", "MK3SMMU3") are the same printer for this check.
 */
const PRUSA_MODELS: Record<string, string> = {
  MINI: "MINI",
  MK4S: "MK4S",
  MK4: "MK4",
  "MK3.9S": "MK3.9S",
  "MK3.9": "MK3.9",
  "MK3.5S": "MK3.5S",
  "MK3.5": "MK3.5",
  MK3S: "MK3S",
  MK3: "MK3",
  MK25S: "MK2.5S",
  "MK2.5S": "MK2.5S",
  MK25: "MK2.5",
  "MK2.5": "MK2.5",
  XL: "XL",
  COREONE: "CORE One",
  COREONEL: "CORE One L",
};

const slicerIds = BAMBU_SLICER_MODEL_IDS as Record<string, keyof typeof BAMBU_MODELS | undefined>;

function bambuLabel(model: string): string {
  const names: readonly string[] = BAMBU_MODELS[model as keyof typeof BAMBU_MODELS]?.productNames ?? [];
  // The last spelling is the one without a hyphen ("Bambu Lab X1 Carbon").
  return names[names.length - 1] ?? `Bambu Lab ${model}`;
}

function prusaKey(name: string): string | undefined {
  let key = name
    .toUpperCase()
    .replace(/\(PRUSALINK RPI\)/g, "")
    .replace(/^(ORIGINAL\s+)?PRUSA\s*/, "")
    .replace(/[\s_-]+/g, "");
  key = key.replace(/MMU\d*S?$/, "");
  if (/^XL\d?IS$|^XL\d$/.test(key)) key = "XL";
  key = key.replace(/IS$/, "");
  return PRUSA_MODELS[key];
}

/** The model a name means, or undefined when Printernizer does not know it. */
export function recognizePrinterModel(name: string | null | undefined): RecognizedModel | undefined {
  const text = name?.trim();
  if (!text) return undefined;
  const bambu = bambuModelFacts(text)?.model ?? slicerIds[text.toUpperCase()];
  if (bambu) return { vendor: "bambu", model: bambu, label: bambuLabel(bambu) };
  const prusa = prusaKey(text);
  if (prusa) return { vendor: "prusa", model: prusa, label: `Prusa ${prusa}` };
  return undefined;
}

/**
 * The model ids Bambu Studio writes into a 3MF ("BL-P001", "C12") whose printer's name contains
 * `text` ("X1", "carbon", "P1S"): a library search for the name also finds files that carry only the id.
 */
export function slicerModelIdsMatching(text: string): string[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  return Object.keys(slicerIds).filter((id) => {
    const known = recognizePrinterModel(id);
    return !!known && `${known.label} ${known.model}`.toLowerCase().includes(needle);
  });
}
