// The rows the persistence pipeline writes, as plain data, and how a batch of them is
// written in one transaction. Every insert that references a printer is guarded with
// EXISTS, so a printer deleted meanwhile cannot fail the whole batch.
import { randomUUID } from "node:crypto";
import type { Db } from "@printernizer/db";
import { notifyAll, type PrinterChangeKind } from "@printernizer/farm/notify";
import { webhookEventTypes } from "@printernizer/farm/webhooks";
import type { Job, PrinterState, Temperatures } from "@printernizer/printers";
import { queueDeliveries } from "../notifications/queue-deliveries";
import { isolated, linkStartedPrint, settleEndedJob } from "../printing/job-bookkeeping";
import { fenceLostPrinters } from "./lease-fence";

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

/** Writes ops, then status rows, then NOTIFYs the printers touched; one transaction (`timeoutMs`, Prisma's default 5 s). */
export async function writeBatch(
  db: Db,
  ops: WriteOp[],
  statuses: StatusRow[],
  workerId: string,
  timeoutMs = 5_000,
  /** Print-start and plate bookkeeping that failed (rolled back alone; the batch is written). */
  onBookkeepingError: (error: unknown) => void = () => {},
): Promise<Map<string, Set<PrinterChangeKind>>> {
  ({ ops, statuses } = await fenceLostPrinters(db, ops, statuses, workerId));
  const changes = new Map<string, Set<PrinterChangeKind>>();
  const touch = (printerId: string, change: PrinterChangeKind) => {
    const set = changes.get(printerId) ?? new Set<PrinterChangeKind>();
    set.add(change);
    changes.set(printerId, set);
  };
  // One statement per kind of op: a round trip per op made a batch of a large fleet outlast the
  // flush interval (the benchmark's backlog at 1,000+ printers). Events and samples do not
  // depend on job rows; job ops only depend on earlier ops of the same job, which the phases
  // keep: opened, then thumbnail, then progress/state, then closed.
  const of = <T extends WriteOp["t"]>(t: T) =>
    ops.filter((op): op is Extract<WriteOp, { t: T }> => op.t === t);
  const events = of("event");
  const samples = of("sample");
  const opened = of("jobOpen");
  const thumbnails = of("jobThumbnail");
  const updated = of("jobUpdate");
  const closed = of("jobClose");
  await db.$transaction(
    async (tx) => {
      if (events.length) await insertEvents(tx, events);
      if (samples.length) await insertSamples(tx, samples);
      if (opened.length) await openJobs(tx, opened);
      for (const op of opened) await isolated(tx, () => linkStartedPrint(tx, op), onBookkeepingError);
      for (const op of thumbnails) await writeJobOp(tx, op);
      if (updated.length) await updateJobs(tx, updated);
      for (const op of closed) {
        await isolated(tx, () => settleEndedJob(tx, op), onBookkeepingError);
        await writeJobOp(tx, op);
      }
      for (const op of ops)
        touch(op.printerId, op.t === "event" ? "event" : op.t === "sample" ? "sample" : "job");
      if (statuses.length) {
        await upsertStatuses(tx, statuses, workerId);
        for (const s of statuses) touch(s.printerId, "status");
      }
      await notifyAll(
        tx,
        "printerUpdates",
        [...changes].map(([printerId, kinds]) => ({ printerId, changes: [...kinds] })),
      );
    },
    { timeout: timeoutMs },
  );
  return changes;
}

/** Event types notification rules can name (the list the admin's rule form offers). */
const notifiable = new Set<string>(webhookEventTypes);

async function insertEvents(tx: Tx, ops: Extract<WriteOp, { t: "event" }>[]): Promise<void> {
  await tx.printerEvent.createMany({
    data: ops.map((op) => ({
      printerId: op.printerId,
      type: op.type,
      payload: toJson(op.payload),
      createdAt: op.at,
    })),
  });
  // Deliveries are queued in the same transaction as the event: none is lost or doubled.
  await queueDeliveries(
    tx,
    ops
      .filter((op) => notifiable.has(op.type))
      .map((op) => ({ type: op.type, printerId: op.printerId, at: op.at, payload: toJson(op.payload) })),
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

/**
 * Progress and state of open jobs, in one statement. Several updates of one job merge into the
 * row they would have left one after the other: the last state and time, the last known
 * progress, layer and total layers.
 */
async function updateJobs(tx: Tx, ops: Extract<WriteOp, { t: "jobUpdate" }>[]): Promise<void> {
  const merged = new Map<
    string,
    {
      id: string;
      state: string | null;
      progress: number | null;
      layer: number | null;
      totalLayers: number | null;
      at: string;
    }
  >();
  for (const op of ops) {
    const c = jobColumns(op.job);
    const before = merged.get(op.id);
    merged.set(op.id, {
      id: op.id,
      state: c.state,
      progress: c.progress ?? before?.progress ?? null,
      layer: c.layer ?? before?.layer ?? null,
      totalLayers: c.totalLayers ?? before?.totalLayers ?? null,
      at: op.at.toISOString(),
    });
  }
  await tx.$executeRawUnsafe(
    `UPDATE "Job" j SET "state" = r."state"::"JobState", "progress" = COALESCE(r."progress", j."progress"), "layer" = COALESCE(r."layer", j."layer"),
        "totalLayers" = COALESCE(r."totalLayers", j."totalLayers"), "updatedAt" = r."at"
     FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "state" text, "progress" float8, "layer" int, "totalLayers" int, "at" timestamp(3))
     WHERE j."id" = r."id" AND j."endedAt" IS NULL`,
    JSON.stringify([...merged.values()]),
  );
}

async function openJobs(tx: Tx, ops: Extract<WriteOp, { t: "jobOpen" }>[]): Promise<void> {
  const rows = ops.map((op) => ({
    id: op.id,
    printerId: op.printerId,
    externalId: op.job.id,
    fileName: op.job.name,
    displayName: op.job.displayName ?? null,
    ...jobColumns(op.job),
    startedAt: new Date(op.at.getTime() - (op.job.elapsedSeconds ?? 0) * 1000).toISOString(),
    thumbnailRef: op.job.thumbnailRef ?? null,
    at: op.at.toISOString(),
  }));
  await tx.$executeRawUnsafe(
    `INSERT INTO "Job" ("id", "printerId", "externalId", "fileName", "displayName", "state", "startedAt", "progress", "layer", "totalLayers", "thumbnailRef", "updatedAt")
     SELECT r."id", r."printerId", r."externalId", r."fileName", r."displayName", r."state"::"JobState", r."startedAt", r."progress", r."layer", r."totalLayers", r."thumbnailRef", r."at"
     FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "printerId" text, "externalId" text, "fileName" text, "displayName" text, "state" text, "startedAt" timestamp(3),
        "progress" float8, "layer" int, "totalLayers" int, "thumbnailRef" text, "at" timestamp(3))
     WHERE EXISTS (SELECT 1 FROM "Printer" p WHERE p."id" = r."printerId")
     ON CONFLICT ("id") DO NOTHING`,
    JSON.stringify(rows),
  );
}

async function writeJobOp(
  tx: Tx,
  op: Extract<WriteOp, { t: "jobThumbnail" } | { t: "jobClose" }>,
): Promise<void> {
  if (op.t === "jobThumbnail") {
    await tx.$executeRaw`
      INSERT INTO "StoredFile" ("sha256", "size", "createdAt") VALUES (${op.sha256}, ${BigInt(op.size)}, now()) ON CONFLICT ("sha256") DO NOTHING`;
    await tx.$executeRaw`UPDATE "Job" SET "thumbnailSha256" = ${op.sha256} WHERE "id" = ${op.id}`;
    return;
  }
  const c = jobColumns(op.job);
  // An unknown ending keeps the last state the printer reported: FAILED would claim what nobody saw.
  const finalState = { completed: "COMPLETED", cancelled: "CANCELLED", failed: "FAILED", unknown: null }[
    op.outcome
  ];
  await tx.$executeRaw`
    UPDATE "Job" SET "state" = COALESCE(${finalState}::"JobState", "state"), "outcome" = ${op.outcome}::"JobOutcome", "endedAt" = ${op.at},
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
