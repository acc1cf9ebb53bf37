// What the queue's dispatcher reads in its tick: the waiting entries (locked `FOR UPDATE SKIP
// LOCKED`, so two workers never hand out the same copy), this worker's printers with their
// readiness, what is staged on them, and how many printers farm-wide are heating up.
import type { Db, Prisma } from "@printernizer/db";
import { FileMetadataSchema } from "@printernizer/file-meta";
import { PrintOptionsSchema, type PrinterStatus } from "@printernizer/printers";
import { parseStoredStatus } from "./live-status";
import { printReadiness } from "./print-readiness";
import { checkCompatibility } from "./print-compatibility";
import { justStartedMs, startsOccupyingPrinter } from "./print-starts";
import type { PlanEntry, PlanPrinter } from "./queue-plan";
import type { PrestagePrinter } from "./queue-prestage";

type Tx = Prisma.TransactionClient;

/** A start older than this no longer counts as heating up, whatever its job says. */
export const heatingWindowMs = 15 * 60_000;

/**
 * Printers heating up farm-wide: a start on its way (pending, uploading, starting) or started
 * whose print has not begun printing (its job still open in QUEUED/PREPARING, or accepted in the
 * last 2 minutes with no job seen yet while the printer does not report printing), within the
 * last 15 minutes. A job that ended while preparing (cancelled while heating) heats nothing.
 */
export async function countHeating(tx: Tx | Db): Promise<number> {
  const [row] = await tx.$queryRaw<{ heating: bigint }[]>`
    SELECT count(DISTINCT ps."printerId") AS heating
    FROM "PrintStart" ps
    LEFT JOIN "Job" j ON j."id" = ps."jobId"
    LEFT JOIN "LiveStatus" ls ON ls."printerId" = ps."printerId"
    WHERE ps."createdAt" > now() - make_interval(secs => ${heatingWindowMs / 1000})
      AND (ps."status" IN ('pending', 'uploading', 'starting')
        OR (ps."status" = 'started' AND (
          (j."state" IN ('QUEUED', 'PREPARING') AND j."endedAt" IS NULL)
          OR (j."id" IS NULL AND ps."updatedAt" > now() - make_interval(secs => ${justStartedMs / 1000})
            AND coalesce(ls."status" -> 'job' ->> 'state', '') NOT IN ('PRINTING', 'PAUSED')))))`;
  return Number(row?.heating ?? 0);
}

const fileSelect = { select: { id: true, name: true, sha256: true, metadata: true } } as const;

function toPlanEntry(row: Prisma.QueueEntryGetPayload<{ include: { libraryFile: typeof fileSelect } }>) {
  const metadata = FileMetadataSchema.safeParse(row.libraryFile.metadata);
  return {
    id: row.id,
    libraryFileId: row.libraryFile.id,
    fileName: row.libraryFile.name,
    sha256: row.libraryFile.sha256,
    metadata: metadata.success ? metadata.data : null,
    plate: row.plate,
    remaining: row.copies - row.copiesStarted,
    options: PrintOptionsSchema.parse(row.options ?? {}),
    target: row.target,
    targetPrinterId: row.targetPrinterId,
    targetModels: row.targetModels,
  } satisfies PlanEntry;
}

/**
 * Waiting entries with copies left, in dispatch order. With `lock` (inside the dispatch
 * transaction) they are locked and entries another worker holds are skipped.
 */
export async function waitingEntries(tx: Tx | Db, options: { lock: boolean; limit?: number }) {
  const limit = options.limit ?? 500;
  const ids = options.lock
    ? await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "QueueEntry" WHERE "status" = 'queued' AND "copiesStarted" < "copies"
        ORDER BY "priority" DESC, "position" ASC, "createdAt" ASC, "id" ASC
        LIMIT ${limit} FOR UPDATE SKIP LOCKED`
    : await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "QueueEntry" WHERE "status" = 'queued' AND "copiesStarted" < "copies"
        ORDER BY "priority" DESC, "position" ASC, "createdAt" ASC, "id" ASC LIMIT ${limit}`;
  const rows = await tx.queueEntry.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    include: { libraryFile: fileSelect },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap(({ id }) => {
    const row = byId.get(id);
    return row ? [toPlanEntry(row)] : [];
  });
}

/**
 * This worker's enabled printers as the dispatcher and pre-staging see them. Only a printer whose
 * live status this worker wrote counts: right after taking a printer over, the row still holds
 * what the previous owner last saw (say, connected and idle), which is no longer true.
 */
export async function dispatchPrinters(
  tx: Tx | Db,
  worker: { workerId: string; ownedPrinterIds: string[] },
  now = new Date(),
): Promise<PrestagePrinter[]> {
  const printers = await tx.printer.findMany({
    where: { id: { in: worker.ownedPrinterIds }, enabled: true },
    include: {
      liveStatus: true,
      stagedFiles: {
        where: { status: { in: ["ready", "uploading"] } },
        select: { sha256: true, status: true },
      },
      printStarts: { where: startsOccupyingPrinter(now), select: { id: true } },
      // a stage_file a dead worker left claimed is settled by the printer's next owner (dispatch/orphaned-starts)
      commands: {
        where: { kind: "stage_file", status: { in: ["pending", "claimed"] } },
        select: { status: true, expiresAt: true },
      },
    },
  });
  return printers.map((printer) => {
    const live = printer.liveStatus?.workerId === worker.workerId ? printer.liveStatus : null;
    const stored = live ? parseStoredStatus(live.status) : null;
    const status = stored ? ({ ...stored, state: live!.state } as PrinterStatus) : null;
    const readiness = printReadiness({
      enabled: printer.enabled,
      awaitingPlateClearSince: printer.awaitingPlateClearSince,
      live: live
        ? {
            connected: live.connected,
            state: live.state,
            rawState: live.rawState,
            errorCount: live.errorCount,
          }
        : null,
      startInFlight: printer.printStarts.length > 0,
    });
    const jobState = stored?.job?.state;
    // A stage_file command or upload for it is on its way already.
    const stagingInFlight =
      printer.stagedFiles.some((f) => f.status === "uploading") ||
      printer.commands.some((c) => c.status === "claimed" || c.expiresAt > now);
    return {
      id: printer.id,
      name: printer.name,
      kind: printer.kind,
      model: printer.model,
      autoClearPlate: printer.autoClearPlate,
      status,
      // Not while a file is being staged on it: a start would upload beside it; the staging makes the start quick.
      ready: readiness.ready && !stagingInFlight,
      staged: new Set(printer.stagedFiles.filter((f) => f.status === "ready").map((f) => f.sha256)),
      printing:
        !!live?.connected &&
        (live.state === "printing" || jobState === "PREPARING" || jobState === "PRINTING"),
      remainingSeconds: stored?.job?.remainingSeconds,
      stagingInFlight,
      held: new Set(printer.stagedFiles.map((f) => f.sha256)),
    } satisfies PrestagePrinter;
  });
}

/** The compatibility check as the dispatcher runs it: the entry's options, never an override. */
export function dispatchCheck(entry: PlanEntry, printer: PlanPrinter) {
  return checkCompatibility({
    metadata: entry.metadata!,
    plate: entry.plate,
    printer: { kind: printer.kind, model: printer.model, name: printer.name },
    status: printer.status,
    useAms: entry.options.useAms,
    ...(entry.options.amsMapping ? { amsMapping: entry.options.amsMapping } : {}),
  });
}
