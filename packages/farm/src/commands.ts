// Commands are durable rows: the web inserts one, the worker that owns the printer claims
// and executes it, and records the outcome. These functions are the web side (and tests');
// the payloads and results are typed by kind in command-contract.ts, the worker side is
// command-queue.ts.
import type { CommandKind, Db, Prisma, PrinterCommand } from "@printernizer/db";
import { parseCommandPayload, type CommandPayloadInput } from "./command-contract";
import { notify } from "./notify";

export const defaultCommandTimeoutMs = 30_000;
export const finishedStatuses = ["done", "failed", "expired"] as const;

export type RequestCommandInput<K extends CommandKind> = {
  kind: K;
  printerId?: string;
  requestedById?: string;
  /** How long a worker has to claim it before it counts as expired. */
  timeoutMs?: number;
  // `{}` fits a payload exactly when it has no required field (pause, refresh_files, ...): then it may be left out.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
} & ({} extends CommandPayloadInput<K>
  ? { payload?: CommandPayloadInput<K> }
  : { payload: CommandPayloadInput<K> });

/**
 * Inserts the command row for the printer's worker and wakes the workers. The payload is
 * checked against its kind's schema first: one that does not fit throws CommandPayloadError
 * (a readable message) and nothing is queued.
 */
export async function requestCommand<K extends CommandKind>(
  db: Db,
  input: RequestCommandInput<K>,
): Promise<PrinterCommand> {
  const payload = parseCommandPayload(input.kind, input.payload) as Prisma.InputJsonObject;
  const command = await db.printerCommand.create({
    data: {
      kind: input.kind,
      printerId: input.printerId,
      payload,
      requestedById: input.requestedById,
      expiresAt: new Date(Date.now() + (input.timeoutMs ?? defaultCommandTimeoutMs)),
    },
  });
  await notify(db, "commandRequested", command.id);
  return command;
}

export function isFinished(command: Pick<PrinterCommand, "status">): boolean {
  return (finishedStatuses as readonly string[]).includes(command.status);
}

/**
 * Waits until the command is done, failed or expired (polling; commands are rare).
 * A pending command past its expiry is reported as expired even before a worker marks it.
 */
export async function waitForCommand(
  db: Db,
  id: string,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<PrinterCommand> {
  const deadline = Date.now() + (options.timeoutMs ?? defaultCommandTimeoutMs + 5_000);
  for (;;) {
    const command = await db.printerCommand.findUniqueOrThrow({ where: { id } });
    if (isFinished(command)) return command;
    if (command.status === "pending" && command.expiresAt.getTime() < Date.now()) {
      const expired = await db.printerCommand.updateMany({
        where: { id, status: "pending" },
        data: {
          status: "expired",
          finishedAt: new Date(),
          error: "No worker picked up the command in time. Is the worker running?",
        },
      });
      if (expired.count) return db.printerCommand.findUniqueOrThrow({ where: { id } });
      continue;
    }
    if (Date.now() > deadline) return command;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
