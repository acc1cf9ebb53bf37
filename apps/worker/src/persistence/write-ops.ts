// The rows the persistence pipeline writes, as plain data, and how a batch of them is
// written in one transaction. Every insert that references a printer is guarded with
// EXISTS, so a printer deleted meanwhile cannot fail the whole batch.
import { randomUUID } from "node:crypto";
import type { Db } from "@printernizer/db";
import { channels } from "@printernizer/db/channels";
import type { Job, PrinterState, Temperatures } from "@printernizer/printers";

export type JobOutcome = "completed" | "failed" | "cancelled" | "unknown";

export type WriteOp =
  | { t: "event"; printerId: string; type: string; payload: unknown; at: Date }
  | { t: "sample"; printerId: string; at: Date; temperatures: Temperatures }
  | { t: "jobOpen"; printerId: string; id: string; job: Job; at: Date }
  | { t: "jobUpdate"; printerId: string; id: string; job: Job; at: Date }
  | { t: "jobClose"; printerId: string; id: string; job?: Job; outcome: JobOutcome; at: Date }
  | { t: "jobThumbnail"; printerId: string; id: string; sha256: string; size: number };

export interface StatusRow {
  printerId: string;
  state: PrinterState;
  connected: boolean;
  rawState: string | null;
  jobName: string | null;
  progress: number | null;
  remainingSeconds: number | null;
  errorCount: number;
  status: unknown;
  lastError: string | null;
  lastErrorKind: string | null;
  lastCommunication: string | null;
  stateChangedAt: string;
}

export const newJobId = () => `job_${randomUUID()}`;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Writes ops (in order), then status rows, then NOTIFYs the printers touched; one transaction. */
export async function writeBatch(db: Db, ops: WriteOp[], statuses: StatusRow[], workerId: string): Promise<Map<string, Set<string>>> {
  const changes = new Map<string, Set<string>>();
  const touch = (printerId: string, change: string) => {
    const set = changes.get(printerId) ?? new Set<string>();
    set.add(change);
    changes.set(printerId, set);
  };
  await db.$transaction(async (tx) => {
    let i = 0;
    while (i < ops.length) {
      const op = ops[i]!;
      if (op.t === "event" || op.t === "sample") {
        // Consecutive inserts of one kind go in one statement.
        let j = i;
        while (j < ops.length && ops[j]!.t === op.t) j++;
        const run = ops.slice(i, j);
        if (op.t === "event") await insertEvents(tx, run as Extract<WriteOp, { t: "event" }>[]);
        else await insertSamples(tx, run as Extract<WriteOp, { t: "sample" }>[]);
        for (const r of run) touch(r.printerId, op.t === "event" ? "event" : "sample");
        i = j;
        continue;
      }
      await writeJobOp(tx, op);
      touch(op.printerId, "job");
      i++;
    }
    if (statuses.length) {
      await upsertStatuses(tx, statuses, workerId);
      for (const s of statuses) touch(s.printerId, "status");
    }
    if (changes.size) {
      const payloads = [...changes].map(([p, c]) => JSON.stringify({ p, c: [...c] }));
      await tx.$executeRawUnsafe(`SELECT pg_notify($1, x) FROM unnest($2::text[]) AS x`, channels.printerUpdates, payloads);
    }
  });
  return changes;
}

/** Event types that webhooks can subscribe to. */
export const notifiableEvents = ["job_completed", "job_failed", "job_cancelled", "printer_error", "printer_auth_error"] as const;
const notifiable = new Set<string>(notifiableEvents);

async function insertEvents(tx: Tx, ops: Extract<WriteOp, { t: "event" }>[]): Promise<void> {
  await tx.printerEvent.createMany({
    data: ops.map((op) => ({ printerId: op.printerId, type: op.type, payload: toJson(op.payload), createdAt: op.at })),
  });
  const toNotify = ops.filter((op) => notifiable.has(op.type));
  if (!toNotify.length) return;
  // Deliveries are queued in the same transaction as the event: none is lost or doubled.
  await tx.$executeRawUnsafe(
    `INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventType", "printerId", "payload", "createdAt", "nextAttemptAt")
     SELECT 'whd_' || gen_random_uuid(), w."id", e."type", e."printerId", jsonb_build_object('at', e."at", 'data', e."payload"), now(), now()
     FROM jsonb_to_recordset($1::jsonb) AS e("type" text, "printerId" text, "payload" jsonb, "at" text)
     JOIN "Webhook" w ON w."enabled" AND e."type" = ANY(w."events")`,
    JSON.stringify(toNotify.map((op) => ({ type: op.type, printerId: op.printerId, payload: toJson(op.payload), at: op.at.toISOString() }))),
  );
}

async function insertSamples(tx: Tx, ops: Extract<WriteOp, { t: "sample" }>[]): Promise<void> {
  const rows = ops.map((op) => ({
    printerId: op.printerId,
    at: op.at.toISOString(),
    nozzle: op.temperatures.nozzle?.current ?? null,
    nozzleTarget: op.temperatures.nozzle?.target ?? null,
    bed: op.temperatures.bed?.current ?? null,
    bedTarget: op.temperatures.bed?.target ?? null,
    chamber: op.temperatures.chamber?.current ?? null,
  }));
  await tx.$executeRawUnsafe(
    `INSERT INTO "TemperatureSample" ("printerId", "at", "nozzle", "nozzleTarget", "bed", "bedTarget", "chamber")
     SELECT r."printerId", r."at", r."nozzle", r."nozzleTarget", r."bed", r."bedTarget", r."chamber"
     FROM jsonb_to_recordset($1::jsonb) AS r("printerId" text, "at" timestamp(3), "nozzle" float8, "nozzleTarget" float8, "bed" float8, "bedTarget" float8, "chamber" float8)
     WHERE EXISTS (SELECT 1 FROM "Printer" p WHERE p."id" = r."printerId")`,
    JSON.stringify(rows),
  );
}

function jobColumns(job: Job | undefined) {
  return {
    state: job?.state ?? null,
    progress: job?.progress ?? null,
    layer: job?.layer ?? null,
    totalLayers: job?.totalLayers ?? null,
  };
}

async function writeJobOp(tx: Tx, op: Exclude<WriteOp, { t: "event" } | { t: "sample" }>): Promise<void> {
  if (op.t === "jobOpen") {
    const c = jobColumns(op.job);
    const startedAt = new Date(op.at.getTime() - (op.job.elapsedSeconds ?? 0) * 1000);
    await tx.$executeRaw`
      INSERT INTO "Job" ("id", "printerId", "externalId", "fileName", "displayName", "state", "startedAt", "progress", "layer", "totalLayers", "thumbnailRef", "updatedAt")
      SELECT ${op.id}, ${op.printerId}, ${op.job.id}, ${op.job.name}, ${op.job.displayName ?? null}, ${c.state}::"JobState", ${startedAt},
             ${c.progress}, ${c.layer}, ${c.totalLayers}, ${op.job.thumbnailRef ?? null}, ${op.at}
      WHERE EXISTS (SELECT 1 FROM "Printer" p WHERE p."id" = ${op.printerId})
      ON CONFLICT ("id") DO NOTHING`;
    return;
  }
  if (op.t === "jobThumbnail") {
    await tx.$executeRaw`
      INSERT INTO "StoredFile" ("sha256", "size", "createdAt") VALUES (${op.sha256}, ${BigInt(op.size)}, now()) ON CONFLICT ("sha256") DO NOTHING`;
    await tx.$executeRaw`UPDATE "Job" SET "thumbnailSha256" = ${op.sha256} WHERE "id" = ${op.id}`;
    return;
  }
  if (op.t === "jobUpdate") {
    const c = jobColumns(op.job);
    await tx.$executeRaw`
      UPDATE "Job" SET "state" = ${c.state}::"JobState", "progress" = COALESCE(${c.progress}, "progress"),
        "layer" = COALESCE(${c.layer}, "layer"), "totalLayers" = COALESCE(${c.totalLayers}, "totalLayers"), "updatedAt" = ${op.at}
      WHERE "id" = ${op.id} AND "endedAt" IS NULL`;
    return;
  }
  const c = jobColumns(op.job);
  const finalState = op.outcome === "completed" ? "COMPLETED" : op.outcome === "cancelled" ? "CANCELLED" : "FAILED";
  await tx.$executeRaw`
    UPDATE "Job" SET "state" = ${finalState}::"JobState", "outcome" = ${op.outcome}::"JobOutcome", "endedAt" = ${op.at},
      "durationSeconds" = GREATEST(0, EXTRACT(EPOCH FROM (${op.at}::timestamp(3) - "startedAt")))::int,
      "progress" = COALESCE(${c.progress}, "progress"), "layer" = COALESCE(${c.layer}, "layer"),
      "totalLayers" = COALESCE(${c.totalLayers}, "totalLayers"), "updatedAt" = ${op.at}
    WHERE "id" = ${op.id} AND "endedAt" IS NULL`;
}

async function upsertStatuses(tx: Tx, rows: StatusRow[], workerId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "LiveStatus" ("printerId", "state", "connected", "rawState", "jobName", "progress", "remainingSeconds", "errorCount", "status",
        "lastError", "lastErrorKind", "lastCommunication", "stateChangedAt", "updatedAt", "workerId")
     SELECT r."printerId", r."state"::"PrinterState", r."connected", r."rawState", r."jobName", r."progress", r."remainingSeconds", r."errorCount",
        r."status", r."lastError", r."lastErrorKind", r."lastCommunication", r."stateChangedAt", now(), $2
     FROM jsonb_to_recordset($1::jsonb) AS r("printerId" text, "state" text, "connected" boolean, "rawState" text, "jobName" text, "progress" float8,
        "remainingSeconds" int, "errorCount" int, "status" jsonb, "lastError" text, "lastErrorKind" text, "lastCommunication" timestamp(3), "stateChangedAt" timestamp(3))
     WHERE EXISTS (SELECT 1 FROM "Printer" p WHERE p."id" = r."printerId")
     ON CONFLICT ("printerId") DO UPDATE SET "state" = EXCLUDED."state", "connected" = EXCLUDED."connected", "rawState" = EXCLUDED."rawState",
        "jobName" = EXCLUDED."jobName", "progress" = EXCLUDED."progress", "remainingSeconds" = EXCLUDED."remainingSeconds",
        "errorCount" = EXCLUDED."errorCount", "status" = EXCLUDED."status", "lastError" = EXCLUDED."lastError", "lastErrorKind" = EXCLUDED."lastErrorKind",
        "lastCommunication" = EXCLUDED."lastCommunication", "stateChangedAt" = EXCLUDED."stateChangedAt", "updatedAt" = now(), "workerId" = EXCLUDED."workerId"`,
    JSON.stringify(rows),
    workerId,
  );
}

/** Dates become ISO strings; undefined is dropped (JSON columns). */
function toJson(value: unknown): object {
  return JSON.parse(JSON.stringify(value ?? {})) as object;
}
