// Who was behind an event, and how long the job it names ran: read from the rows a request
// leaves, never guessed. A pause, resume or cancel is a PrinterCommand with its requesting
// user; the printer reports the state change a moment later as a job event, so an event is
// the first of its kind after the command on that printer (each command explains at most one
// event, within `commandWindowMs`). A job_started is the PrintStart linked to its Job row (a
// person's start, or the queue's). Commands are kept `commandsDays` (30 by default) and events
// longer: older pauses are said without a name.
import type { Db } from "@printernizer/db";

export type EventActor = { kind: "user"; name: string } | { kind: "queue" };

export interface EventForActors {
  id: string;
  printerId: string | null;
  type: string;
  payload: unknown;
  createdAt: Date;
}

export interface EventContext {
  actor: EventActor | null;
  /** How long the job ran, from its Job row (job end events). */
  jobDurationSeconds: number | null;
}

/** The command kind that makes a printer report each event. */
const commandKindOf: Record<string, "pause" | "resume" | "cancel"> = {
  job_paused: "pause",
  job_resumed: "resume",
  job_cancel_requested: "cancel",
  job_cancelled: "cancel",
};
/** A printer reports the change within seconds; a command older than this explains nothing. */
export const commandWindowMs = 120_000;
/** Clocks of web and worker differ a little: a command stamped this much after the event still counts. */
const clockSlackMs = 10_000;

const jobEndTypes = new Set(["job_completed", "job_failed", "job_cancelled", "job_vanished"]);

function jobIdOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const job = (payload as { job?: unknown; jobId?: unknown }).job;
  const id =
    job && typeof job === "object" ? (job as { id?: unknown }).id : (payload as { jobId?: unknown }).jobId;
  return typeof id === "string" && id ? id : undefined;
}

export async function eventContexts(db: Db, events: EventForActors[]): Promise<Map<string, EventContext>> {
  const contexts = new Map<string, EventContext>(
    events.map((e) => [e.id, { actor: null, jobDurationSeconds: null }]),
  );
  const userIds = new Set<string>();
  const userOf = new Map<string, string>(); // event id → user id

  const controlled = events.filter((e) => e.printerId && commandKindOf[e.type]);
  if (controlled.length) {
    const times = controlled.map((e) => e.createdAt.getTime());
    const commands = await db.printerCommand.findMany({
      where: {
        printerId: { in: [...new Set(controlled.map((e) => e.printerId!))] },
        kind: { in: ["pause", "resume", "cancel"] },
        status: { in: ["claimed", "done"] },
        requestedById: { not: null },
        createdAt: {
          gte: new Date(Math.min(...times) - commandWindowMs),
          lte: new Date(Math.max(...times) + clockSlackMs),
        },
      },
      select: { id: true, printerId: true, kind: true, requestedById: true, createdAt: true },
      orderBy: { createdAt: "desc" },
    });
    const used = new Set<string>();
    // Oldest event first: a command explains the first matching event after it, not a later one.
    for (const event of [...controlled].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
      const at = event.createdAt.getTime();
      const kind = commandKindOf[event.type];
      const command = commands.find(
        (c) =>
          !used.has(c.id) &&
          c.printerId === event.printerId &&
          c.kind === kind &&
          c.createdAt.getTime() <= at + clockSlackMs &&
          c.createdAt.getTime() >= at - commandWindowMs,
      );
      if (!command) continue;
      // job_cancel_requested and job_cancelled of one cancel share its command.
      if (event.type !== "job_cancel_requested") used.add(command.id);
      userOf.set(event.id, command.requestedById!);
      userIds.add(command.requestedById!);
    }
  }

  const jobEvents = events.filter(
    (e) => e.printerId && (e.type === "job_started" || jobEndTypes.has(e.type)) && jobIdOf(e.payload),
  );
  if (jobEvents.length) {
    const jobs = await db.job.findMany({
      where: {
        OR: jobEvents.map((e) => ({ printerId: e.printerId!, externalId: jobIdOf(e.payload)! })),
      },
      select: { id: true, printerId: true, externalId: true, durationSeconds: true, startedAt: true },
      orderBy: { startedAt: "desc" },
    });
    const starts = new Map(
      (
        await db.printStart.findMany({
          where: { jobId: { in: jobs.map((j) => j.id) } },
          select: { jobId: true, requestedById: true, queueEntryId: true, reason: true },
        })
      ).map((s) => [s.jobId, s]),
    );
    for (const event of jobEvents) {
      // The newest run of that job id that started before the event (printers reuse ids).
      const job = jobs.find(
        (j) =>
          j.printerId === event.printerId &&
          j.externalId === jobIdOf(event.payload) &&
          j.startedAt.getTime() <= event.createdAt.getTime() + clockSlackMs,
      );
      if (!job) continue;
      const context = contexts.get(event.id)!;
      if (jobEndTypes.has(event.type)) context.jobDurationSeconds = job.durationSeconds;
      const start = starts.get(job.id);
      if (event.type !== "job_started" || !start) continue;
      if (start.requestedById) {
        userOf.set(event.id, start.requestedById);
        userIds.add(start.requestedById);
      } else if (start.queueEntryId || start.reason) context.actor = { kind: "queue" };
    }
  }

  if (userIds.size) {
    const users = await db.user.findMany({
      where: { id: { in: [...userIds] } },
      select: { id: true, name: true, email: true },
    });
    const names = new Map(users.map((u) => [u.id, u.name.trim() || u.email]));
    for (const [eventId, userId] of userOf)
      contexts.get(eventId)!.actor = { kind: "user", name: names.get(userId) ?? "a removed user" };
  }
  return contexts;
}
