// Starts and stagings whose worker died in the middle (SIGKILL, power loss): its command stays
// `claimed` by a worker that no longer heartbeats (or restarted since it claimed it), so nothing would ever finish it. The worker
// that owns the printer now settles them: a start still pending or uploading never reached the
// printer, so it fails and a queue start gives its copy back (farm's failPrintStart); a start
// that was `starting` may have reached it, so it waits until this worker's own connection can
// ask the printer (not the LiveStatus row, which may still hold the previous owner's view):
// a job of that file means it started, anything else means it failed. A stage_file of
// a dead worker fails, and so does its StagedFile row (the next pre-staging tries again).
import type { Db } from "@printernizer/db";
import type { PrinterStatus } from "@printernizer/printers";
import { finishCommand } from "@printernizer/farm/command-queue";
import { failPrintStart } from "@printernizer/farm/print-start-outcome";
import { notify } from "@printernizer/farm/notify";
import { workerAliveWithinMs } from "@printernizer/farm/workers";
import { comparableName } from "../printing/job-bookkeeping";

interface OrphanRow {
  id: string;
  status: "pending" | "uploading" | "starting";
  commandId: string;
  claimedBy: string;
  remoteName: string;
  printerId: string;
  size: bigint | null;
}

/** The printer's status as this worker's connected adapter reads it now; undefined when it cannot. */
export type CurrentStatus = (printerId: string) => Promise<PrinterStatus | undefined>;

/** The printer's job is the start's file, compared as a job opening links its start (job-bookkeeping). */
function sameJob(remoteName: string, jobName: string | undefined): boolean {
  return !!jobName && comparableName(jobName) === comparableName(remoteName);
}

/** Settles this worker's printers' starts and stagings left behind by a dead worker; returns how many. */
export async function settleOrphanedStarts(
  db: Db,
  ownedPrinterIds: string[],
  currentStatus: CurrentStatus,
): Promise<number> {
  if (!ownedPrinterIds.length) return 0;
  const aliveSecs = workerAliveWithinMs / 1000;
  const orphans = await db.$queryRaw<OrphanRow[]>`
    SELECT ps."id", ps."status", ps."commandId", c."claimedBy", ps."remoteName", ps."printerId", f."size"
    FROM "PrintStart" ps
    JOIN "PrinterCommand" c ON c."id" = ps."commandId"
    LEFT JOIN "WorkerNode" w ON w."id" = c."claimedBy"
    LEFT JOIN "LibraryFile" f ON f."id" = ps."libraryFileId"
    WHERE ps."status" IN ('pending', 'uploading', 'starting')
      AND ps."printerId" = ANY(${ownedPrinterIds}::text[])
      AND c."status" = 'claimed'
      AND (w."id" IS NULL OR w."stoppedAt" IS NOT NULL OR c."claimedAt" < w."startedAt"
        OR w."lastHeartbeat" < now() - make_interval(secs => ${aliveSecs}))`;
  let settled = 0;
  for (const orphan of orphans) {
    const stoppedWords = `The worker sending this print (${orphan.claimedBy}) stopped before it finished`;
    if (orphan.status === "starting") {
      const status = await currentStatus(orphan.printerId);
      if (!status) continue; // not connected yet: next round
      if (sameJob(orphan.remoteName, status.job?.name)) {
        const changed = await db.printStart.updateMany({
          where: { id: orphan.id, status: "starting" },
          data: { status: "started" },
        });
        if (changed.count) await notify(db, "queueChanged", orphan.id);
        await finishCommand(
          db,
          { id: orphan.commandId, kind: "start_print" },
          {
            status: "done",
            result: {
              remotePath: orphan.remoteName,
              uploaded: true,
              bytes: Number(orphan.size ?? 0),
              seconds: 0,
            },
          },
        );
        settled++;
        continue;
      }
    }
    const reason = `${stoppedWords}; the printer did not start it.`;
    await failPrintStart(db, orphan.id, reason);
    await finishCommand(
      db,
      { id: orphan.commandId, kind: "start_print" },
      {
        status: "failed",
        error: reason,
        errorKind: "interrupted",
      },
    );
    settled++;
  }
  return settled + (await settleOrphanedStagings(db, ownedPrinterIds, aliveSecs));
}

async function settleOrphanedStagings(db: Db, ownedPrinterIds: string[], aliveSecs: number): Promise<number> {
  const commands = await db.$queryRaw<{ id: string }[]>`
    UPDATE "PrinterCommand" c SET "status" = 'failed', "finishedAt" = now(), "errorKind" = 'interrupted',
      "error" = 'The worker uploading this file stopped before it finished; it will be sent again.'
    WHERE c."kind" = 'stage_file' AND c."status" = 'claimed' AND c."printerId" = ANY(${ownedPrinterIds}::text[])
      AND NOT EXISTS (SELECT 1 FROM "WorkerNode" w WHERE w."id" = c."claimedBy" AND w."stoppedAt" IS NULL
        AND c."claimedAt" >= w."startedAt" AND w."lastHeartbeat" >= now() - make_interval(secs => ${aliveSecs}))
    RETURNING c."id"`;
  const staged = await db.$executeRaw`
    UPDATE "StagedFile" sf SET "status" = 'failed', "updatedAt" = now(),
      "error" = 'The upload stopped when the worker sending it stopped.'
    WHERE sf."status" = 'uploading' AND sf."printerId" = ANY(${ownedPrinterIds}::text[])
      AND NOT EXISTS (SELECT 1 FROM "PrinterCommand" c LEFT JOIN "WorkerNode" w ON w."id" = c."claimedBy"
        WHERE c."printerId" = sf."printerId" AND c."kind" = 'stage_file'
          AND (c."status" = 'pending' OR (c."status" = 'claimed' AND w."stoppedAt" IS NULL
            AND c."claimedAt" >= w."startedAt" AND w."lastHeartbeat" >= now() - make_interval(secs => ${aliveSecs}))))`;
  if (commands.length) await notify(db, "queueChanged", commands[0]!.id);
  return commands.length + staged;
}
