// Changing the farm queue: add an entry, edit its copies / priority / target, move it, cancel it.
// The router validates, checks the role and audits; these functions check the entry against the
// library and the printers and refuse with a QueueError whose message tells a person what to do.
// Every change NOTIFYs queueChanged (entry id) in its transaction, so dispatchers and pages react.
import type { Db, Prisma, QueueEntry, QueueTarget } from "@printernizer/db";
import { FileMetadataSchema } from "@printernizer/file-meta";
import { PrintOptionsSchema, type PrintOptionsInput } from "@printernizer/printers";
import { notify } from "./notify";
import { positionBetween, positionStep, renumberedPositions } from "./queue-order";

export const maxCopies = 1_000;

export class QueueError extends Error {
  constructor(
    message: string,
    readonly reason: "not_found" | "invalid" | "conflict",
  ) {
    super(message);
    this.name = "QueueError";
  }
}

export interface QueueTargetInput {
  target: QueueTarget;
  /** For target "printer". */
  printerId?: string;
  /** For target "models": model names as printers report them ("P1S", "MK4S"). */
  models?: string[];
}

export interface AddQueueEntryInput extends QueueTargetInput {
  libraryFileId: string;
  plate?: number;
  copies?: number;
  priority?: number;
  options?: PrintOptionsInput;
  createdById?: string;
}

type Tx = Prisma.TransactionClient;

async function targetColumns(tx: Tx, input: QueueTargetInput) {
  if (input.target === "printer") {
    if (!input.printerId) throw new QueueError("Choose the printer this entry should print on.", "invalid");
    const printer = await tx.printer.findUnique({ where: { id: input.printerId }, select: { id: true } });
    if (!printer) throw new QueueError("There is no such printer; it may have been removed.", "not_found");
    return { target: input.target, targetPrinterId: printer.id, targetModels: [] };
  }
  if (input.target === "models") {
    const models = [...new Set((input.models ?? []).map((m) => m.trim()).filter(Boolean))];
    if (!models.length) throw new QueueError("Name at least one printer model for this entry.", "invalid");
    return { target: input.target, targetPrinterId: null, targetModels: models };
  }
  return { target: input.target, targetPrinterId: null, targetModels: [] };
}

async function checkedPlate(tx: Tx, libraryFileId: string, plate: number): Promise<void> {
  const file = await tx.libraryFile.findUnique({ where: { id: libraryFileId } });
  if (!file) throw new QueueError("There is no such library file; it may have been deleted.", "not_found");
  const metadata = FileMetadataSchema.safeParse(file.metadata);
  const plates = metadata.success ? metadata.data.plates.map((p) => p.index) : [];
  if (file.format === "3mf") {
    if (!plates.includes(plate))
      throw new QueueError(
        plates.length
          ? `${file.name} has no sliced plate ${plate}; choose one of plate ${plates.join(", ")}.`
          : `${file.name} has no sliced plates; slice it again and upload the result.`,
        "invalid",
      );
  } else if (plate !== 1) {
    throw new QueueError(
      `${file.name} is not a 3MF project and has only one plate; choose plate 1.`,
      "invalid",
    );
  }
}

function checkedCopies(copies: number): number {
  if (!Number.isInteger(copies) || copies < 1 || copies > maxCopies)
    throw new QueueError(`Copies must be a whole number from 1 to ${maxCopies}.`, "invalid");
  return copies;
}

/** Appends an entry at the end of its priority. */
export function addQueueEntry(db: Db, input: AddQueueEntryInput): Promise<QueueEntry> {
  return db.$transaction(async (tx) => {
    const plate = input.plate ?? 1;
    await checkedPlate(tx, input.libraryFileId, plate);
    const target = await targetColumns(tx, input);
    const last = await tx.queueEntry.aggregate({ _max: { position: true }, where: { status: "queued" } });
    const entry = await tx.queueEntry.create({
      data: {
        libraryFileId: input.libraryFileId,
        plate,
        copies: checkedCopies(input.copies ?? 1),
        priority: input.priority ?? 0,
        position: (last._max.position ?? 0) + positionStep,
        options: PrintOptionsSchema.parse(input.options ?? {}),
        createdById: input.createdById,
        ...target,
      },
    });
    await notify(tx, "queueChanged", entry.id);
    return entry;
  });
}

/** Locks a queued entry for a change; refuses done, cancelled and unknown entries. */
async function lockQueued(tx: Tx, entryId: string): Promise<QueueEntry> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "QueueEntry" WHERE "id" = ${entryId} FOR UPDATE`;
  const entry = locked.length ? await tx.queueEntry.findUnique({ where: { id: entryId } }) : null;
  if (!entry) throw new QueueError("There is no such queue entry; it may have been removed.", "not_found");
  if (entry.status !== "queued")
    throw new QueueError(
      `This entry is ${entry.status} already; add a new entry to print it again.`,
      "conflict",
    );
  return entry;
}

export interface UpdateQueueEntryInput {
  entryId: string;
  copies?: number;
  priority?: number;
  target?: QueueTargetInput;
}

/** Changes copies, priority or target. Copies never drop below those already handed to printers. */
export function updateQueueEntry(db: Db, input: UpdateQueueEntryInput): Promise<QueueEntry> {
  return db.$transaction(async (tx) => {
    const entry = await lockQueued(tx, input.entryId);
    const data: Prisma.QueueEntryUpdateInput = {};
    if (input.copies !== undefined) {
      const copies = checkedCopies(input.copies);
      if (copies < entry.copiesStarted)
        throw new QueueError(
          `${entry.copiesStarted} ${entry.copiesStarted === 1 ? "copy is" : "copies are"} already printing or printed; set copies to ${entry.copiesStarted} or more, or cancel the entry.`,
          "conflict",
        );
      data.copies = copies;
      if (entry.copiesDone >= copies) data.status = "done";
    }
    if (input.priority !== undefined) data.priority = input.priority;
    if (input.target) Object.assign(data, await targetColumns(tx, input.target));
    const updated = await tx.queueEntry.update({ where: { id: entry.id }, data });
    await notify(tx, "queueChanged", entry.id);
    return updated;
  });
}

export interface ReorderQueueEntryInput {
  entryId: string;
  /** The entry it goes next to. */
  anchorId: string;
  placement: "before" | "after";
}

/**
 * Moves an entry just before or after another queued entry. It takes the anchor's priority, so
 * the order the person sees after the drag is the order the dispatcher follows.
 */
export function reorderQueueEntry(db: Db, input: ReorderQueueEntryInput): Promise<QueueEntry> {
  if (input.entryId === input.anchorId)
    return Promise.reject(new QueueError("An entry cannot be moved next to itself.", "invalid"));
  return db.$transaction(async (tx) => {
    const entry = await lockQueued(tx, input.entryId);
    const anchor = await tx.queueEntry.findUnique({ where: { id: input.anchorId } });
    if (!anchor || anchor.status !== "queued")
      throw new QueueError(
        "The entry to move it next to is no longer waiting; reload the queue.",
        "conflict",
      );
    // Lock the anchor's priority group, so concurrent moves see each other's positions.
    await tx.$queryRaw`SELECT "id" FROM "QueueEntry" WHERE "status" = 'queued' AND "priority" = ${anchor.priority}
      ORDER BY "id" FOR UPDATE`;
    let group = await groupInOrder(tx, anchor.priority, entry.id);
    let position = positionNextTo(group, anchor.id, input.placement);
    if (position === undefined) {
      const fresh = renumberedPositions(group.length);
      for (const [i, row] of group.entries())
        await tx.queueEntry.update({ where: { id: row.id }, data: { position: fresh[i] } });
      group = await groupInOrder(tx, anchor.priority, entry.id);
      position = positionNextTo(group, anchor.id, input.placement)!;
    }
    const moved = await tx.queueEntry.update({
      where: { id: entry.id },
      data: { position, priority: anchor.priority },
    });
    await notify(tx, "queueChanged", entry.id);
    return moved;
  });
}

function groupInOrder(tx: Tx, priority: number, excludeId: string) {
  return tx.queueEntry.findMany({
    where: { status: "queued", priority, id: { not: excludeId } },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, position: true },
  });
}

function positionNextTo(
  group: { id: string; position: number }[],
  anchorId: string,
  placement: "before" | "after",
): number | undefined {
  const at = group.findIndex((row) => row.id === anchorId);
  const [before, after] = placement === "before" ? [group[at - 1], group[at]] : [group[at], group[at + 1]];
  return positionBetween(before?.position, after?.position);
}

/** Cancels an entry: nothing more of it is dispatched; prints already running are not touched. */
export function cancelQueueEntry(db: Db, entryId: string): Promise<QueueEntry> {
  return db.$transaction(async (tx) => {
    const entry = await lockQueued(tx, entryId);
    const cancelled = await tx.queueEntry.update({ where: { id: entry.id }, data: { status: "cancelled" } });
    await notify(tx, "queueChanged", entry.id);
    return cancelled;
  });
}
