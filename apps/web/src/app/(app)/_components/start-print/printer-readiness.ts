// Whether a printer on the farm list may be given a print now, by the one rule
// (@printernizer/farm/print-readiness) the server and the worker apply too. The list cannot see
// other starts in flight; the server's check of the chosen printer does.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { printReadiness, type Readiness } from "@printernizer/farm/print-readiness";

export function farmPrinterReadiness(printer: FarmPrinter): Readiness {
  return printReadiness({
    enabled: printer.enabled,
    awaitingPlateClearSince: printer.awaitingPlateClearSince ?? null,
    live:
      printer.state === "disabled"
        ? null
        : {
            connected: printer.connected,
            state: printer.state,
            rawState: printer.rawState,
            errorCount: printer.errors.length,
          },
    startInFlight: false,
  });
}
