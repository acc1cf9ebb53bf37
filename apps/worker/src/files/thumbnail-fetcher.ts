// Fetches the thumbnail of a job when its row opens (PrusaLink refs.thumbnail; on Bambu printers
// the plate PNG inside the job's 3MF, which comes over FTPS) into the file store, so the printer
// page can show it without ever asking the printer from the web app. One attempt per job row:
// a failure means no thumbnail and one debug line, never a retry loop.
import type { FileStore } from "@printernizer/file-store";
import type { Logger } from "@printernizer/logger";
import type { Job, PrinterAdapter } from "@printernizer/printers";

/** A Bambu 3MF with a long G-code is tens of MB over a slow FTPS link; PrusaLink answers at once. */
export const THUMBNAIL_FETCH_TIMEOUT_MS = 120_000;

export class ThumbnailFetcher {
  constructor(
    private readonly store: FileStore,
    private readonly adapterOf: (printerId: string) => PrinterAdapter | undefined,
    private readonly record: (
      printerId: string,
      jobId: string,
      blob: { sha256: string; size: number },
    ) => void,
    private readonly logger: Logger,
  ) {}

  fetch(printerId: string, jobId: string, job: Job): void {
    const adapter = this.adapterOf(printerId);
    if (!job.thumbnailRef || !adapter?.getThumbnail) return;
    const ref = job.thumbnailRef;
    void (async () => {
      const file = await adapter.getThumbnail!(ref, AbortSignal.timeout(THUMBNAIL_FETCH_TIMEOUT_MS));
      if (!file) {
        this.logger.debug({ printerId, jobId }, "the printer has no thumbnail for this job");
        return;
      }
      const blob = await this.store.put(file.stream);
      this.record(printerId, jobId, blob);
    })().catch((error: unknown) =>
      this.logger.debug({ err: error, printerId, jobId }, "could not fetch the job's thumbnail"),
    );
  }
}
