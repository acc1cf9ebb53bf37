// The mechanism behind `session-watch.ts` and `kiosk-watch.ts`: open live streams, each with the
// grant it was opened with (a session, a wall-display link), re-checked together every
// `intervalMs` (one pass, however many streams), and each ended once its grant no longer stands.
// The timer runs only while a stream is open.

interface Watched<T> {
  grant: T;
  controller: AbortController;
}

export class StreamWatch<T> {
  private readonly watched = new Set<Watched<T>>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    /** For each grant (same order), why its stream must end now, or null while it stands. */
    private readonly endings: (grants: T[]) => Promise<(string | null)[]>,
    private readonly intervalMs: number,
  ) {}

  /** A signal aborted (with the reason) once the grant stops standing; call `stop` when the stream ends. */
  watch(grant: T): { signal: AbortSignal; stop(): void } {
    const entry: Watched<T> = { grant, controller: new AbortController() };
    this.watched.add(entry);
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
    return {
      signal: entry.controller.signal,
      stop: () => {
        this.watched.delete(entry);
        if (!this.watched.size) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
      },
    };
  }

  /** Re-checks every watched grant at once and ends the streams of those that no longer stand. */
  async check(): Promise<void> {
    if (this.checking || !this.watched.size) return;
    this.checking = true;
    try {
      const entries = [...this.watched];
      const reasons = await this.endings(entries.map((e) => e.grant));
      entries.forEach((entry, i) => {
        const reason = reasons[i];
        if (!reason) return;
        this.watched.delete(entry);
        entry.controller.abort(new Error(reason));
      });
    } catch {
      // the database is away: keep the streams (their own reads fail and end them if it lasts)
    } finally {
      this.checking = false;
    }
  }
}
