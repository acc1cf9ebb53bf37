// How long an upload may take. Not the 60 s every other command gets: a 40 MB file takes over
// four minutes on a Bambu SD card. An upload is given up when no byte moved for `stallMs`
// (60 s), or when it outlasts what the slowest plausible link needs for its size.
import { PrinterTimeoutError } from "@printernizer/printers";

export const uploadStallMs = 60_000;
/** The slowest rate we wait for (bytes per second), plus a fixed allowance for connecting and confirming. */
const minRateBytesPerSecond = 20 * 1024;
const allowanceMs = 120_000;

/** The longest an upload of `size` bytes may take in all. */
export function uploadCapMs(size: number): number {
  return allowanceMs + Math.ceil((size / minRateBytesPerSecond) * 1000);
}

/**
 * An AbortSignal for one upload: aborts when `parent` does, when `touch()` was not called for
 * `stallMs`, or after the cap. Its reason says which, for a person.
 */
export class UploadDeadline {
  private readonly controller = new AbortController();
  private stallTimer?: NodeJS.Timeout;
  private readonly capTimer: NodeJS.Timeout;
  private readonly onParentAbort = () => this.abort(this.parent.reason);

  constructor(
    private readonly parent: AbortSignal,
    size: number,
    private readonly stallMs = uploadStallMs,
    capMs = uploadCapMs(size),
  ) {
    if (parent.aborted) this.controller.abort(parent.reason);
    parent.addEventListener("abort", this.onParentAbort, { once: true });
    this.capTimer = setTimeout(
      () =>
        this.abort(
          new PrinterTimeoutError(
            `The upload did not finish within ${Math.round(capMs / 60_000)} min; check the printer's network and storage, then start again.`,
          ),
        ),
      capMs,
    );
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Bytes moved: the stall clock starts again. */
  touch(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(
      () =>
        this.abort(
          new PrinterTimeoutError(
            `The upload made no progress for ${Math.round(this.stallMs / 1000)} s; check the printer's network and storage, then start again.`,
          ),
        ),
      this.stallMs,
    );
  }

  dispose(): void {
    clearTimeout(this.stallTimer);
    clearTimeout(this.capTimer);
    this.parent.removeEventListener("abort", this.onParentAbort);
  }

  private abort(reason: unknown): void {
    this.dispose();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
