// What a person reads while a print is sent to a printer: the step, bytes sent of the total,
// the rate and the time left ("Uploading to the printer — 12.4 MB of 40.0 MB (31 %), 150 KB/s,
// about 5 min left"). Pure, so the dialog, the printer page and their unit test share it.
import type { CommandProgressDetail } from "@printernizer/farm/command-contract";
import { formatDuration } from "@printernizer/ui/format";

const units = ["B", "KB", "MB", "GB"] as const;

/** 1,000-based, as printers and browsers show file sizes: "950 B", "150 KB", "40.0 MB", "1.20 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value >= 100 || unit === 1 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export const stepWords: Record<CommandProgressDetail["step"], string> = {
  checking: "Checking the printer",
  uploading: "Uploading to the printer",
  verifying: "Waiting for the printer to confirm the file",
  starting: "Starting the print",
};

/** Percent of the upload, 0..100, or null while the total is not known. */
export function uploadPercent(detail: CommandProgressDetail | null | undefined): number | null {
  if (!detail?.totalBytes || detail.bytesSent === undefined) return null;
  return Math.max(0, Math.min(100, (detail.bytesSent / detail.totalBytes) * 100));
}

/** The numbers of an upload in one line, e.g. "12.4 MB of 40.0 MB (31 %) · 150 KB/s · about 5 min left". */
export function uploadLine(detail: CommandProgressDetail): string | null {
  if (detail.bytesSent === undefined) return null;
  const percent = uploadPercent(detail);
  const parts = [
    detail.totalBytes
      ? `${formatBytes(detail.bytesSent)} of ${formatBytes(detail.totalBytes)} (${Math.floor(percent ?? 0)} %)`
      : `${formatBytes(detail.bytesSent)} sent`,
  ];
  if (detail.bytesPerSecond !== undefined && detail.bytesPerSecond > 0)
    parts.push(`${formatBytes(detail.bytesPerSecond)}/s`);
  if (detail.etaSeconds !== undefined) parts.push(`about ${formatDuration(detail.etaSeconds)} left`);
  return parts.join(" · ");
}

/** The step as a sentence: the worker's own words when it gave some, else the step's name. */
export function stepLine(detail: CommandProgressDetail): string {
  return detail.message ?? stepWords[detail.step];
}
