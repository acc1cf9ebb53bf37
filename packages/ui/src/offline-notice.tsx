// What a person reads about a printer the worker cannot reach: "Offline since 14:02 — the
// printer did not answer at 192.168.1.40", or "Needs new credentials — …", and the note that
// marks its last readings as stale. Shared by the dashboard card and the printer page.
import { continueSentence, formatClock } from "./format";

export interface ReachabilityNotice {
  status: "offline" | "credentials";
  since: Date | null;
  /** A sentence for a person (never raw errno text). */
  message: string;
}

/**
 * A moment as formatClock says it ("14:02"), machine-readable in its datetime. `now` is null
 * until the page runs in the browser: the text then waits for it, as it depends on the reader's
 * time zone (the server's text would stay after hydration, which does not patch it).
 */
export function ClockTime({ date, now }: { date: Date; now: Date | null }) {
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {now ? formatClock(date, now) : ""}
    </time>
  );
}

export function OfflineNotice({
  notice,
  now,
  className = "text-xs",
}: {
  notice: ReachabilityNotice;
  now: Date | null;
  /** Its text size (default text-xs) and any further classes: one size only, as two would conflict. */
  className?: string;
}) {
  const credentials = notice.status === "credentials";
  return (
    <p
      data-testid="printer-offline"
      data-reason={notice.status}
      className={`rounded border px-2 py-1 ${
        credentials
          ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          : "border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
      } ${className}`}
    >
      <strong className="font-semibold">
        {credentials ? "Needs new credentials" : "Offline"}
        {notice.since && !credentials ? (
          <>
            {" "}
            since <ClockTime date={notice.since} now={now} />
          </>
        ) : null}
      </strong>{" "}
      — {continueSentence(notice.message)}
    </p>
  );
}

/** "last seen 14:01", next to readings that are no longer live. */
export function StaleNote({ lastCommunication, now }: { lastCommunication: Date; now: Date | null }) {
  return (
    <span className="whitespace-nowrap italic" data-testid="stale-note">
      last seen <ClockTime date={lastCommunication} now={now} />
    </span>
  );
}
