// Which control (pause / resume / cancel) a printer's kind can do (its capabilities) and which
// makes sense in which printer state, and "reconnect now", which every kind accepts in every state
// of an enabled printer. Pure: the server checks a request against it and the browser enables its
// buttons with it.
import { printerKindMetadata } from "@printernizer/printers/kinds";
import type { FarmPrinter } from "./farm";

export const controlKinds = ["pause", "resume", "cancel"] as const;
export type ControlKind = (typeof controlKinds)[number];
/** Everything an operator can send to a printer: the job controls and "reconnect now". */
export const printerCommandKinds = [...controlKinds, "reconnect"] as const;
export type PrinterCommandKind = (typeof printerCommandKinds)[number];

type ControlState = Pick<FarmPrinter, "state" | "connected" | "job"> & { kind: string };

const verbs: Record<ControlKind, string> = { pause: "paused", resume: "resumed", cancel: "cancelled" };

/** Why `kind` cannot be sent to a printer in this state, or null when it can. */
export function controlRefusal(printer: ControlState, kind: PrinterCommandKind): string | null {
  if (kind === "reconnect")
    return printer.state === "disabled"
      ? "The printer is disabled. An admin can enable it under Admin → Printers."
      : null;
  const kindMetadata = printerKindMetadata(printer.kind);
  if (!kindMetadata?.capabilities[kind])
    return `${kindMetadata?.label ?? `"${printer.kind}"`} printers cannot be ${verbs[kind]} from Printernizer.`;
  if (printer.state === "disabled")
    return "The printer is disabled. An admin can enable it under Admin → Printers.";
  if (!printer.connected || printer.state === "offline" || printer.state === "unknown")
    return "The printer is not connected right now, so it cannot take commands.";
  const printing = printer.state === "printing" || printer.state === "busy";
  switch (kind) {
    case "pause":
      return printing && printer.job
        ? null
        : `Only a running print can be ${verbs.pause}; the printer is ${printer.state}.`;
    case "resume":
      return printer.state === "paused"
        ? null
        : `Only a paused print can be ${verbs.resume}; the printer is ${printer.state}.`;
    case "cancel":
      return (printing || printer.state === "paused") && printer.job
        ? null
        : `There is no print to cancel; the printer is ${printer.state}.`;
  }
}

/** The controls a printer in this state accepts (for enabling buttons). */
export function allowedControls(printer: ControlState): ControlKind[] {
  return controlKinds.filter((kind) => controlRefusal(printer, kind) === null);
}
