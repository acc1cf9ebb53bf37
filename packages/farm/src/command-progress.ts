// What the browser shows while a command travels: sent (pending), on the printer (claimed),
// done, or failed / expired with the reason. Never returns the payload (a connection test
// carries sealed credentials there).
import type { Db, PrinterCommand } from "@printernizer/db";
import { commandContract } from "./command-contract";

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
    },
  });
  if (!command) return null;
  const { expiresAt, result, ...rest } = command;
  const reconnect = rest.kind === "reconnect" ? commandContract.reconnect.result.safeParse(result) : null;
  const progress = { ...rest, reconnect: reconnect?.success ? reconnect.data : null };
  // The worker marks overdue commands on its next poll; with no worker running, nobody would.
  if (progress.status === "pending" && expiresAt.getTime() < Date.now())
    return { ...progress, status: "expired", error: unclaimedReason, finishedAt: expiresAt };
  return progress;
}
