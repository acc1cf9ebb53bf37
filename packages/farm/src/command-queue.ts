// The worker side of command rows: claim the next one (`FOR UPDATE SKIP LOCKED`, so a
// command runs once even when several workers race), receive it typed by kind, record its
// outcome, and expire those nobody claimed in time. A claimed row whose payload does not fit
// its kind (written by something other than requestCommand, or by an older version) is
// finished as failed with the reason, never handed to the worker.
import type { CommandKind, Db, Prisma, PrinterCommand } from "@printernizer/db";
import {
  checkCommandResult,
  CommandPayloadError,
  parseCommandPayload,
  type CommandPayload,
  type CommandResult,
} from "./command-contract";
import { notifyAll } from "./notify";

/** A claimed command, discriminated by kind: `payload` is what that kind's schema says. */
export type ClaimedCommand = {
  [K in CommandKind]: {
    id: string;
    kind: K;
    printerId: string | null;
    requestedById: string | null;
    payload: CommandPayload<K>;
  };
}[CommandKind];

/** A claimed row that did not parse; already recorded as failed with `reason`. */
export interface RefusedCommand {
  id: string;
  kind: CommandKind;
  printerId: string | null;
  refused: string;
}

export type CommandOutcome<K extends CommandKind> =
  { status: "done"; result: CommandResult<K> } | { status: "failed"; error: string; errorKind: string };

/** A failed command's reason is at most this long. */
export const commandErrorMax = 200;

const notClaimedReason =
  "No worker is connected to this printer right now, so the command was not sent. Check that the printer is enabled and a worker is running.";

/**
 * Claims the oldest pending command this worker may run: one for a printer it owns, or a
 * connection test of an unsaved printer (any worker). Undefined when there is none.
 */
export async function claimNextCommand(
  db: Db,
  worker: { workerId: string; ownedPrinterIds: string[] },
): Promise<ClaimedCommand | RefusedCommand | undefined> {
  const rows = await db.$queryRaw<PrinterCommand[]>`
    UPDATE "PrinterCommand" SET "status" = 'claimed', "claimedBy" = ${worker.workerId}, "claimedAt" = now()
    WHERE "id" = (
      SELECT "id" FROM "PrinterCommand"
      WHERE "status" = 'pending' AND "expiresAt" >= now()
        AND ("printerId" = ANY(${worker.ownedPrinterIds}::text[]) OR ("printerId" IS NULL AND "kind" = 'test_connection'))
      ORDER BY "createdAt" FOR UPDATE SKIP LOCKED LIMIT 1)
    RETURNING *`;
  const row = rows[0];
  if (!row) return undefined;
  return toClaimedCommand(db, row);
}

async function toClaimedCommand(db: Db, row: PrinterCommand): Promise<ClaimedCommand | RefusedCommand> {
  const base = { id: row.id, printerId: row.printerId, requestedById: row.requestedById };
  try {
    return { ...base, kind: row.kind, payload: parseCommandPayload(row.kind, row.payload) } as ClaimedCommand;
  } catch (error) {
    if (!(error instanceof CommandPayloadError)) throw error;
    const refused = error.message.slice(0, commandErrorMax);
    await recordOutcome(db, row.id, { status: "failed", error: refused, errorKind: "protocol" });
    return { id: row.id, kind: row.kind, printerId: row.printerId, refused };
  }
}

/**
 * Records a claimed command's outcome and tells the web. A result that does not fit its
 * kind is recorded as a failure (a worker bug) rather than stored.
 */
export async function finishCommand<K extends CommandKind>(
  db: Db,
  command: { id: string; kind: K },
  outcome: CommandOutcome<K>,
): Promise<void> {
  if (outcome.status === "failed") return recordOutcome(db, command.id, outcome);
  let result: CommandResult<K>;
  try {
    result = checkCommandResult(command.kind, outcome.result);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, commandErrorMax);
    return recordOutcome(db, command.id, { status: "failed", error: message, errorKind: "internal" });
  }
  return recordOutcome(db, command.id, { status: "done", result: result as Prisma.InputJsonValue });
}

async function recordOutcome(
  db: Db,
  id: string,
  outcome:
    | { status: "done"; result: Prisma.InputJsonValue }
    | { status: "failed"; error: string; errorKind: string },
): Promise<void> {
  await db.printerCommand.update({ where: { id }, data: { ...outcome, finishedAt: new Date() } });
  await notifyFinished(db, [id]);
}

/** Marks pending commands past their deadline as expired; returns their ids. */
export async function expireOverdueCommands(db: Db): Promise<string[]> {
  const expired = await db.$queryRaw<{ id: string }[]>`
    UPDATE "PrinterCommand" SET "status" = 'expired', "finishedAt" = now(), "error" = ${notClaimedReason}
    WHERE "status" = 'pending' AND "expiresAt" < now() RETURNING "id"`;
  const ids = expired.map((r) => r.id);
  await notifyFinished(db, ids);
  return ids;
}

function notifyFinished(db: Db, ids: string[]): Promise<void> {
  return notifyAll(db, "commandFinished", ids);
}
