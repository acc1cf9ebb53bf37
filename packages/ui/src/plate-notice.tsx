// "Waiting for the plate to be cleared since 14:02": a printer whose last print ended and
// nobody confirmed the plate is clear gets no new print. Shared by the dashboard card and the
// printer page; the "Plate cleared" button next to it comes from the caller (operators only).
import { ClockTime } from "./offline-notice";

export function PlateNotice({
  since,
  now,
  className = "text-xs",
}: {
  since: Date;
  now: Date | null;
  /** Its text size (default text-xs) and any further classes. */
  className?: string;
}) {
  return (
    <p
      data-testid="plate-waiting"
      className={`rounded border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100 ${className}`}
    >
      <strong className="font-semibold">Waiting for the plate to be cleared</strong> since{" "}
      <ClockTime date={since} now={now} /> — nothing starts here until someone confirms it.
    </p>
  );
}
