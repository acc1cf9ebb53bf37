// Starts and stagings whose worker died in the middle (SIGKILL, power loss): its command stays
// `claimed` by a worker that no longer heartbeats (or restarted since it claimed it), so nothing would ever finish it. The worker
// that owns the printer now settles them: a start still pending or uploading never reached the
// printer, so it fails and a queue start gives its copy back (farm's failPrintStart); a start
// that was `starting` may have reached it, so it waits until this worker has heard from the
// printer: printing that file means it started, anything else means it failed. A stage_file of
// a dead worker fails, and so does its StagedFile row (the next pre-staging tries again).
import type { Db } from "@printernizer/db";
import { finishCommand } from "@printernizer/farm/command-queue";
import { failPrintStart } from "@printernizer/farm/print-start-outcome";
import { notify } from "@printernizer/farm/notify";
import { workerAliveWithinMs } from "@printernizer/farm/workers";
import { jobNameOf } from "../printing/print-start-runner";

interface OrphanRow {
  id: string;
  status: "pending" | "uploading" | "starting";
  commandId: string;
  claimedBy: string;
  remoteName: string;
  printerId: string;
  size: bigint | null;
  liveWorkerId: string | null;
  connected: boolean | null;
  jobName: string | null;
}

function sameJob(remoteName: string, jobName: string | null): boolean {
  if (!jobName) return false;
  const a = jobNameOf(remoteName).toLowerCase();
  return jobNameOf(jobName).toLowerCase() === a;
}

/** Settles this worker's printers' starts and stagings left behind by a dead worker; returns how many. */
export async function settleOrphanedStarts(
  db: Db,
  workerId: string,
  ownedPrinterIds: string[],
): Promise<number> {
  if (!ownedPrinterIds.length) return 0;
  const aliveSecs = workerAliveWithinMs / 1000;
  const orphans = await db.$queryRaw<OrphanRow[]>`
    SELECT ps."id", ps."status", ps."commandId", c."claimedBy", ps."remoteName", ps."printerId",
           f."size", ls."workerId" AS "liveWorkerId", ls."connected", ls."jobName"
    FROM "PrintStart" ps
    JOIN "PrinterCommand" c ON c."id" = ps."commandId"
    LEFT JOIN "WorkerNode" w ON w."id" = c."claimedBy"
    LEFT JOIN "LibraryFile" f ON f."id" = ps."libraryFileId"
    LEFT JOIN "LiveStatus" ls ON ls."printerId" = ps."printerId"
    WHERE ps."status" IN ('pending', 'uploading', 'starting')
      AND ps."printerId" = ANY(${ownedPrinterIds}::text[])
      AND c."status" = 'claimed'
      AND (w."id" IS NULL OR w."stoppedAt" IS NOT NULL OR c."claimedAt" < w."startedAt"
        OR w."lastHeartbeat" < now() - make_interval(secs => ${aliveSecs}))`;
  let settled = 0;
  for (const orphan of orphans) {
    const stoppedWords = `The worker sending this print (${orphan.claimedBy}) stopped before it finished`;
    if (orphan.status === "starting") {
      // Only this worker's own, connected view of the printer can tell whether the start arrived.
      if (orphan.liveWorkerId !== workerId || !orphan.connected) continue;
      if (sameJob(orphan.remoteName, orphan.jobName)) {
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
