// Fetches the thumbnail of a job when it starts (PrusaLink refs.thumbnail, the 3MF's PNG
// on Bambu printers) into the file store, so the printer page can show it without ever
// asking the printer from the web app.
import type { FileStore } from "@printernizer/file-store";
import type { Logger } from "@printernizer/logger";
import type { Job, PrinterAdapter } from "@printernizer/printers";

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
      const file = await adapter.getThumbnail!(ref, AbortSignal.timeout(30_000));
      if (!file) return;
      const blob = await this.store.put(file.stream);
      this.record(printerId, jobId, blob);
    })().catch((error: unknown) =>
      this.logger.debug({ err: error, printerId }, "could not fetch the job's thumbnail"),
    );
  }
}
