// Pause / resume / cancel / reconnect from the web: checks the request against the printer's state
// (control-rules.ts) and queues the command row the worker executes. A refused request throws ControlRefusedError with a
// message for the person who pressed the button.
import type { Db, PrinterCommand } from "@printernizer/db";
import { requestCommand } from "./commands";
import { controlRefusal, printerCommandKinds, type PrinterCommandKind } from "./control-rules";
import { getFarmPrinters, type FarmPrinter } from "./farm";

export class ControlRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: "not_found" | "state" | "in_flight",
  ) {
    super(message);
    this.name = "ControlRefusedError";
  }
}

const claimedForAtMostMs = 70_000;

/** A pause/resume/cancel/reconnect that has not finished yet for this printer, if any. */
export function controlInFlight(db: Db, printerId: string): Promise<PrinterCommand | null> {
  return db.printerCommand.findFirst({
    where: {
      printerId,
      kind: { in: [...printerCommandKinds] },
      // A claimed command runs for at most a minute on the worker (its abort signal).
      OR: [
        { status: "pending", expiresAt: { gte: new Date() } },
        { status: "claimed", claimedAt: { gte: new Date(Date.now() - claimedForAtMostMs) } },
      ],
    },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Checks the printer's current state and queues the command for its worker.
 * Refuses when the state does not allow it or another control is still on its way.
 */
export async function requestControl(
  db: Db,
  input: { printerId: string; kind: PrinterCommandKind; requestedById: string },
): Promise<{ command: PrinterCommand; printer: FarmPrinter }> {
  const [printer] = await getFarmPrinters(db, [input.printerId]);
  if (!printer)
    throw new ControlRefusedError("There is no such printer; it may have been removed.", "not_found");
  const refusal = controlRefusal(printer, input.kind);
  if (refusal) throw new ControlRefusedError(refusal, "state");
  const pending = await controlInFlight(db, input.printerId);
  if (pending)
    throw new ControlRefusedError(
      `A ${pending.kind} command is still on its way to this printer; wait until it is done.`,
      "in_flight",
    );
  const command = await requestCommand(db, {
    kind: input.kind,
    printerId: input.printerId,
    requestedById: input.requestedById,
  });
  return { command, printer };
}
