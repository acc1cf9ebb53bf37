// What the browser shows while a command travels: sent (pending), on the printer (claimed),
// done, or failed / expired with the reason. Never returns the payload (a connection test
// carries sealed credentials there).
import type { Db, PrinterCommand } from "@printernizer/db";
import { CommandProgressDetailSchema, commandContract, type CommandProgressDetail } from "./command-contract";

export interface CommandProgress {
  id: string;
  kind: PrinterCommand["kind"];
  printerId: string | null;
  status: PrinterCommand["status"];
  /** The printer's or worker's reason when failed or expired. */
  error: string | null;
  errorKind: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** What a finished "reconnect now" found; null for other kinds (their results stay on the server). */
  reconnect: { connected: boolean; message?: string } | null;
  /** Live step of an upload (start_print, stage_file): bytes, rate, ETA; null for other kinds or before it began. */
  progress: CommandProgressDetail | null;
}

const longKinds = new Set<PrinterCommand["kind"]>(["start_print", "stage_file"]);

/** PrinterCommand.progress as the worker wrote it, or null when absent or not of its shape. */
export function parseCommandProgress(
  kind: PrinterCommand["kind"],
  value: unknown,
): CommandProgressDetail | null {
  if (!longKinds.has(kind) || value === null || value === undefined) return null;
  const parsed = CommandProgressDetailSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const unclaimedReason =
  "No worker picked up the command in time, so it was not sent. Check that the printer is enabled and a worker is running.";

export async function getCommandProgress(db: Db, id: string): Promise<CommandProgress | null> {
  const command = await db.printerCommand.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      printerId: true,
      status: true,
      error: true,
      errorKind: true,
      createdAt: true,
      finishedAt: true,
      expiresAt: true,
      result: true,
      progress: true,
    },
  });
  if (!command) return null;
  const { expiresAt, result, progress: detail, ...rest } = command;
  const reconnect = rest.kind === "reconnect" ? commandContract.reconnect.result.safeParse(result) : null;
  const progress = {
    ...rest,
    reconnect: reconnect?.success ? reconnect.data : null,
    progress: parseCommandProgress(rest.kind, detail),
  };
  // The worker marks overdue commands on its next poll; with no worker running, nobody would.
  if (progress.status === "pending" && expiresAt.getTime() < Date.now())
    return { ...progress, status: "expired", error: unclaimedReason, finishedAt: expiresAt };
  return progress;
}
