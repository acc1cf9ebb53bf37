// What a bulk action will do to each selected printer, said before anything is sent (the same
// state rules the server applies: control-rules.ts for pause / resume / cancel), and how each
// printer's result reads afterwards. Pure, tested in bulk-plan.test.ts.
import type { FarmPrinter } from "@printernizer/farm/farm";
import { controlRefusal } from "@printernizer/farm/control-rules";

export const bulkActions = ["pause", "resume", "cancel", "plate", "send"] as const;
export type BulkAction = (typeof bulkActions)[number];

export const actionLabels: Record<BulkAction, string> = {
  pause: "Pause",
  resume: "Resume",
  cancel: "Cancel print",
  plate: "Plate cleared",
  send: "Send queued job",
};

export interface PlanLine {
  printerId: string;
  name: string;
  /** False: the printer is left alone, `text` says why. */
  apply: boolean;
  text: string;
}

const doing: Record<Exclude<BulkAction, "send">, string> = {
  pause: "pause",
  resume: "resume",
  cancel: "cancel the print",
  plate: "confirm the plate cleared",
};

function readyForPrint(p: FarmPrinter): string | null {
  if (p.state === "disabled") return "disabled";
  if (!p.connected) return "not connected";
  if (p.awaitingPlateClearSince) return "the plate is not confirmed clear";
  if (p.state !== "idle") return `${p.state}, not ready for a new print`;
  return null;
}

export function planFor(action: BulkAction, printers: readonly FarmPrinter[], fileName?: string): PlanLine[] {
  return printers.map((p) => {
    let skip: string | null;
    if (action === "plate") skip = p.awaitingPlateClearSince ? null : "not waiting for the plate";
    else if (action === "send") skip = readyForPrint(p);
    else skip = controlRefusal(p, action);
    const text = skip
      ? `skipped: ${skip}`
      : action === "send"
        ? `start ${fileName ?? "the chosen entry"}`
        : doing[action];
    return { printerId: p.id, name: p.name, apply: !skip, text };
  });
}

export function confirmLabel(action: BulkAction, count: number): string {
  const printers = count === 1 ? "1 printer" : `${count} printers`;
  switch (action) {
    case "plate":
      return count === 1 ? "Confirm 1 plate cleared" : `Confirm ${count} plates cleared`;
    case "send":
      return `Start on ${printers}`;
    case "cancel":
      return `Cancel the print on ${printers}`;
    default:
      return `${actionLabels[action]} ${printers}`;
  }
}

export const dialogTitles: Record<BulkAction, string> = {
  pause: "Pause printers",
  resume: "Resume printers",
  cancel: "Cancel prints",
  plate: "Confirm plates cleared",
  send: "Send a queued job",
};

/** A printer's result: done, on its way, refused or failed with the reason, skipped, removed. */
export interface ResultLine {
  printerId: string;
  name: string;
  outcome: "done" | "sent" | "refused" | "failed" | "skipped" | "removed";
  text: string;
}

export interface ServerResult {
  printerId: string;
  name: string | null;
  outcome: "sent" | "refused" | "removed";
  message: string;
  commandId?: string;
}

export interface CommandState {
  id: string;
  status: "pending" | "claimed" | "done" | "failed" | "expired";
  error: string | null;
}

export function resultLines(
  plan: readonly PlanLine[],
  results: readonly ServerResult[],
  commands: ReadonlyMap<string, CommandState>,
): ResultLine[] {
  const byId = new Map(results.map((r) => [r.printerId, r]));
  return plan.map((line) => {
    const base = { printerId: line.printerId, name: line.name };
    const result = byId.get(line.printerId);
    if (!line.apply || !result) return { ...base, outcome: "skipped", text: line.text };
    if (result.outcome === "removed") return { ...base, outcome: "removed", text: result.message };
    if (result.outcome === "refused")
      return { ...base, outcome: "refused", text: `refused: ${result.message}` };
    const command = result.commandId ? commands.get(result.commandId) : undefined;
    if (!result.commandId) return { ...base, outcome: "done", text: `done: ${result.message}` };
    if (command?.status === "done") return { ...base, outcome: "done", text: "done" };
    if (command?.status === "failed" || command?.status === "expired")
      return { ...base, outcome: "failed", text: `failed: ${command.error ?? "the printer did not do it"}` };
    return { ...base, outcome: "sent", text: result.message };
  });
}
