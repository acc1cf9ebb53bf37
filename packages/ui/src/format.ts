/** "1 h 05 min", "4 min", "under a minute" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}

/** The clock time `seconds` from `now`, e.g. "14:35" (or "Tue 09:10" when not today). */
export function formatEta(seconds: number, now: Date = new Date()): string {
  const at = new Date(now.getTime() + seconds * 1000);
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return at.toDateString() === now.toDateString()
    ? time
    : `${at.toLocaleDateString([], { weekday: "short" })} ${time}`;
}

/** "12 s ago", "5 min ago", "3 h ago" */
export function formatAgo(date: Date, now: Date = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A moment in the user's locale: "14:02" today, "28 Nov, 14:02" another day, with the year when not this one. */
export function formatClock(date: Date, now: Date = new Date()): string {
  const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === now.toDateString()) return time;
  const day = date.toLocaleDateString([], {
    day: "numeric",
    month: "short",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
  return `${day}, ${time}`;
}

/** "The printer did not answer" continues after a dash as "the printer did not answer". */
export function continueSentence(sentence: string): string {
  return /^(The|A|An) /.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
}
