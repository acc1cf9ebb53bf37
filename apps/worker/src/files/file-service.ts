// Printer files: listing a printer's storage into PrinterFile rows, and downloading a
// file into the content-addressed store (re-used when the printer's copy is unchanged).
import path from "node:path";
import type { Db } from "@printernizer/db";
import type { FileStore } from "@printernizer/file-store";
import type { PrinterAdapter } from "@printernizer/printers";

export interface DownloadResult {
  sha256: string;
  size: number;
  fileName: string;
  reused: boolean;
}

export class FileService {
  constructor(
    private readonly db: Db,
    private readonly store: FileStore,
  ) {}

  async refresh(
    printerId: string,
    adapter: PrinterAdapter,
    signal?: AbortSignal,
  ): Promise<{ files: number }> {
    const files = await adapter.listFiles(signal);
    const seenAt = new Date();
    await this.db.$transaction(async (tx) => {
      for (const file of files) {
        const data = {
          name: file.name,
          displayName: file.displayName ?? null,
          size: file.size !== undefined ? BigInt(Math.round(file.size)) : null,
          modifiedAt: file.modified ?? null,
          type: file.type,
          thumbnailRef: file.thumbnailRef ?? null,
          seenAt,
        };
        const existing = await tx.printerFile.findUnique({
          where: { printerId_path: { printerId, path: file.path } },
        });
        const changed =
          existing &&
          (existing.size !== data.size || existing.modifiedAt?.getTime() !== data.modifiedAt?.getTime());
        await tx.printerFile.upsert({
          where: { printerId_path: { printerId, path: file.path } },
          create: { printerId, path: file.path, ...data },
          // A changed file on the printer invalidates our stored copy.
          update: changed ? { ...data, sha256: null, downloadedAt: null } : data,
        });
      }
      await tx.printerFile.deleteMany({ where: { printerId, seenAt: { lt: seenAt } } });
    });
    return { files: files.length };
  }

  async download(
    printerId: string,
    adapter: PrinterAdapter,
    filePath: string,
    signal?: AbortSignal,
  ): Promise<DownloadResult> {
    const known = await this.db.printerFile.findUnique({
      where: { printerId_path: { printerId, path: filePath } },
    });
    if (known?.sha256 && (await this.store.has(known.sha256))) {
      return {
        sha256: known.sha256,
        size: Number(known.size ?? (await this.store.size(known.sha256)) ?? 0),
        fileName: known.displayName || known.name,
        reused: true,
      };
    }
    const download = await adapter.downloadFile(filePath, signal);
    const blob = await this.store.put(download.stream, signal);
    // The long name the user saw in the listing beats a printer's 8.3 short name.
    const fileName = known?.displayName || download.fileName || path.posix.basename(filePath);
    await this.db.$transaction([
      this.db.storedFile.upsert({
        where: { sha256: blob.sha256 },
        create: { sha256: blob.sha256, size: BigInt(blob.size) },
        update: {},
      }),
      this.db.printerFile.upsert({
        where: { printerId_path: { printerId, path: filePath } },
        create: {
          printerId,
          path: filePath,
          name: path.posix.basename(filePath),
          displayName: fileName,
          size: BigInt(blob.size),
          type: "file",
          sha256: blob.sha256,
          downloadedAt: new Date(),
          seenAt: new Date(),
        },
        update: { sha256: blob.sha256, downloadedAt: new Date(), size: BigInt(blob.size) },
      }),
    ]);
    return { ...blob, fileName, reused: false };
  }
}
