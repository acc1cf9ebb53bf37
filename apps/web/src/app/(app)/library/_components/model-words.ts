import { recognizePrinterModel } from "@printernizer/printers/kinds";

/** The printer a file was sliced for, as people name it: "Bambu Lab X1 Carbon (BL-P001)", "Prusa MK4". */
export function slicedForWords(printerModel: string | undefined): string | undefined {
  if (!printerModel) return undefined;
  const known = recognizePrinterModel(printerModel);
  if (!known) return printerModel;
  return known.label.toLowerCase().includes(printerModel.toLowerCase())
    ? known.label
    : `${known.label} (${printerModel})`;
}
