// Commands are durable rows: the web inserts one, the worker that owns the printer claims
// and executes it, and records the outcome. These functions are the web side (and tests').
import type { CommandKind, Db, Prisma, PrinterCommand } from "@printernizer/db";
import { channels } from "@printernizer/db/channels";

export const defaultCommandTimeoutMs = 30_000;
export const finishedStatuses = ["done", "failed", "expired"] as const;

export interface RequestCommandInput {
  kind: CommandKind;
  printerId?: string;
  payload?: Prisma.InputJsonValue;
  requestedById?: string;
  /** How long a worker has to claim it before it counts as expired. */
  timeoutMs?: number;
}

export async function requestCommand(db: Db, input: RequestCommandInput): Promise<PrinterCommand> {
  const command = await db.printerCommand.create({
    data: {
      kind: input.kind,
      printerId: input.printerId,
      payload: input.payload ?? {},
      requestedById: input.requestedById,
      expiresAt: new Date(Date.now() + (input.timeoutMs ?? defaultCommandTimeoutMs)),
    },
  });
  await db.$executeRaw`SELECT pg_notify(${channels.commandRequested}, ${command.id})`;
  return command;
}

export function getCommand(db: Db, id: string): Promise<PrinterCommand | null> {
  return db.printerCommand.findUnique({ where: { id } });
}

export function isFinished(command: Pick<PrinterCommand, "status">): boolean {
  return (finishedStatuses as readonly string[]).includes(command.status);
}

/**
 * Waits until the command is done, failed or expired (polling; commands are rare).
 * A pending command past its expiry is reported as expired even before a worker marks it.
 */
export async function waitForCommand(db: Db, id: string, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<PrinterCommand> {
  const deadline = Date.now() + (options.timeoutMs ?? defaultCommandTimeoutMs + 5_000);
  for (;;) {
    const command = await db.printerCommand.findUniqueOrThrow({ where: { id } });
    if (isFinished(command)) return command;
    if (command.status === "pending" && command.expiresAt.getTime() < Date.now()) {
      const expired = await db.printerCommand.updateMany({
        where: { id, status: "pending" },
        data: { status: "expired", finishedAt: new Date(), error: "No worker picked up the command in time. Is the worker running?" },
      });
      if (expired.count) return db.printerCommand.findUniqueOrThrow({ where: { id } });
      continue;
    }
    if (Date.now() > deadline) return command;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
