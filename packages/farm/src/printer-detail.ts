// One printer as its page shows it: the live status the dashboard has, plus identity and the
// open job row (for its thumbnail). Never selects `credentials`.
import type { Db } from "@printernizer/db";
import { getFarmPrinters, type FarmPrinter } from "./farm";
import { parseStoredStatus } from "./live-status";

export interface PrinterDetail {
  printer: FarmPrinter;
  port: number | null;
  serial: string | null;
  firmware: string | null;
  wifiSignalDbm: number | null;
  /** The job row the worker keeps open while a print runs. */
  currentJob: {
    id: string;
    fileName: string;
    displayName: string | null;
    startedAt: Date;
    thumbnailSha256: string | null;
  } | null;
}

export async function getPrinterDetail(db: Db, printerId: string): Promise<PrinterDetail | null> {
  const [printer] = await getFarmPrinters(db, [printerId]);
  if (!printer) return null;
  const [row, live, currentJob] = await Promise.all([
    db.printer.findUnique({ where: { id: printerId }, select: { port: true, serial: true } }),
    db.liveStatus.findUnique({ where: { printerId }, select: { status: true } }),
    db.job.findFirst({
      where: { printerId, endedAt: null },
      orderBy: { startedAt: "desc" },
      select: { id: true, fileName: true, displayName: true, startedAt: true, thumbnailSha256: true },
    }),
  ]);
  const status = parseStoredStatus(live?.status);
  return {
    printer,
    port: row?.port ?? null,
    serial: row?.serial ?? null,
    firmware: status.firmware ?? null,
    wifiSignalDbm: status.wifiSignalDbm ?? null,
    currentJob,
  };
}

/** Whether a stored file is some job's thumbnail (the only stored files viewers may fetch). */
export async function isJobThumbnail(db: Db, sha256: string): Promise<boolean> {
  return (await db.job.count({ where: { thumbnailSha256: sha256 }, take: 1 })) > 0;
}
