// The vendor's page explaining a printer error, where one is known: the adapter's own link
// (Bambu HMS codes carry one), a Bambu code in HMS form, or a Prusa five-digit error code.
import type { FarmPrinter } from "@printernizer/farm/farm";

type PrinterError = FarmPrinter["errors"][number];

const bambuHms = /^[0-9A-F]{4}(_[0-9A-F]{4}){1,3}$/;
const prusaCode = /^#?(\d{5})$/;

export function errorHelpUrl(kind: string, error: Pick<PrinterError, "code" | "url">): string | null {
  if (error.url) return error.url;
  if (kind === "bambu" && bambuHms.test(error.code))
    return `https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${error.code}`;
  const prusa = kind === "prusalink" ? prusaCode.exec(error.code) : null;
  if (prusa) return `https://help.prusa3d.com/en/${prusa[1]}`;
  return null;
}
