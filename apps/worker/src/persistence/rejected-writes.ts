// The dead-letter side of the write path: a write the database refused for good becomes
// a RejectedWrite row (what, why, a short sanitized excerpt) instead of blocking the queue.
// Records wait in a small bounded list and are inserted at the start of the next flush.
import type { Db } from "@printernizer/db";
import type { ClassifiedWriteError } from "./write-errors";

export const rejectionReasons = ["rejected", "too_large", "timeout", "unknown"] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export interface RejectionRecord {
  printerId: string | null;
  opType: string;
  reason: RejectionReason;
  sqlState: string | null;
  message: string;
  excerpt: string;
  at: Date;
}

export const excerptChars = 2_000;
const messageChars = 500;

/**
 * Text PostgreSQL accepts: NUL becomes a visible "\0", lone UTF-16 surrogates become U+FFFD,
 * and the result is cut to `max` characters (never in the middle of a surrogate pair).
 */
export function storableText(value: string, max: number): string {
  let out = "";
  for (let i = 0; i < value.length && out.length < max; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) out += "\\0";
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff && out.length + 2 <= max) {
        out += value[i]! + value[i + 1]!;
        i++;
      } else out += "\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\ufffd";
    else out += value[i]!;
  }
  return out.length > max ? out.slice(0, max) : out;
}

/** A bounded JSON excerpt of an op, without serializing a huge one whole. */
export function opExcerpt(op: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(op, limitedReplacer()) ?? "";
  } catch (error) {
    text = `(not serializable: ${error instanceof Error ? error.message : String(error)})`;
  }
  return storableText(text, excerptChars);
}

/** Stops descending once enough text was produced: arrays are cut to their first items, strings to excerptChars. */
function limitedReplacer() {
  return (_key: string, value: unknown) => {
    if (typeof value === "string" && value.length > excerptChars)
      return `${value.slice(0, excerptChars)}… (${value.length} chars)`;
    if (Array.isArray(value) && value.length > 20)
      return [...value.slice(0, 20), `… (${value.length} items)`];
    return value;
  };
}

export function rejectionRecord(input: {
  printerId: string | null;
  opType: string;
  reason: RejectionReason;
  error?: ClassifiedWriteError;
  message?: string;
  op: unknown;
}): RejectionRecord {
  return {
    printerId: input.printerId,
    opType: input.opType,
    reason: input.reason,
    sqlState: input.error?.sqlState ?? null,
    message: storableText(input.message ?? input.error?.message ?? input.reason, messageChars),
    excerpt: opExcerpt(input.op),
    at: new Date(),
  };
}

/** Inserts the records in one statement. */
export async function insertRejections(db: Db, workerId: string, records: RejectionRecord[]): Promise<void> {
  if (!records.length) return;
  await db.rejectedWrite.createMany({
    data: records.map((r) => ({
      printerId: r.printerId,
      workerId,
      opType: r.opType,
      reason: r.reason,
      sqlState: r.sqlState,
      message: r.message,
      excerpt: r.excerpt,
      createdAt: r.at,
    })),
  });
}

const maxPending = 1_000;
const logEveryMs = 60_000;

/**
 * Rejections waiting to be inserted (bounded: past 1,000 unwritten records the oldest go and
 * are counted), the counts by reason, and one warning per printer and reason per minute.
 */
export class RejectionLog {
  private pending: RejectionRecord[] = [];
  readonly counts: Record<RejectionReason, number> = { rejected: 0, too_large: 0, timeout: 0, unknown: 0 };
  droppedRecords = 0;
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly warn: (fields: Record<string, unknown>, message: string) => void,
    private readonly onRejected?: (reason: RejectionReason) => void,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  oldestAt(): number | undefined {
    return this.pending[0]?.at.getTime();
  }

  add(record: RejectionRecord): void {
    this.counts[record.reason]++;
    this.onRejected?.(record.reason);
    if (this.pending.length >= maxPending) {
      this.pending.shift();
      this.droppedRecords++;
    }
    this.pending.push(record);
    const key = `${record.printerId ?? "-"}:${record.reason}`;
    const now = record.at.getTime();
    const last = this.lastLogged.get(key);
    if (last && now - last.at < logEveryMs) {
      last.suppressed++;
      return;
    }
    this.lastLogged.set(key, { at: now, suppressed: 0 });
    if (this.lastLogged.size > 10_000) this.lastLogged.clear();
    this.warn(
      {
        printerId: record.printerId,
        opType: record.opType,
        reason: record.reason,
        sqlState: record.sqlState,
        detail: record.message,
        suppressedBefore: last?.suppressed ?? 0,
      },
      "the database refused a write for good; recorded it in RejectedWrite and moved on",
    );
  }

  /** Hands the pending records to `write`; on failure they are kept unless `keep` says no. */
  async flush(
    write: (records: RejectionRecord[]) => Promise<void>,
    keep: (error: unknown) => boolean,
  ): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await write(batch);
    } catch (error) {
      if (keep(error)) this.pending = [...batch, ...this.pending].slice(-maxPending);
      else this.droppedRecords += batch.length;
      throw error;
    }
  }
}
