// One upload in progress on the simulated printer (Buddy takes one at a time): what
// /api/v1/transfer and the status's `transfer` show while it runs, the body read at the simulated
// rate (a slow USB stick: ~300 KB/s by default, settable), and the print time read from the file.
import type { IncomingMessage } from "node:http";
import { estimatedSecondsOf } from "@printernizer/file-meta";
import { printFileMetadata } from "../print-file-metadata";
import { compact } from "./sim-responses";

/** Default simulated upload rate (bytes per second). */
export const DEFAULT_UPLOAD_BYTES_PER_SECOND = 300_000;
/** Print time of a file that does not say (or cannot be read), in seconds. */
export const DEFAULT_PRINT_SECONDS = 600;

export interface SimTransfer {
  id: number;
  displayName: string;
  /** API path of the folder the file goes to ("/usb/PARTS"). */
  dir: string;
  size: number;
  transferred: number;
  startedAt: number;
  toPrint: boolean;
}

let nextTransferId = 1;

export function newTransfer(displayName: string, dir: string, size: number, toPrint: boolean): SimTransfer {
  return { id: nextTransferId++, displayName, dir, size, transferred: 0, startedAt: Date.now(), toPrint };
}

/** Reads exactly `expected` bytes at no more than `bytesPerSecond` (0 = as fast as they come). */
export async function readAtRate(
  req: IncomingMessage,
  expected: number,
  bytesPerSecond: number,
  transfer: SimTransfer,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (transfer.transferred + buffer.length > expected) throw new Error("body longer than Content-Length");
    chunks.push(buffer);
    transfer.transferred += buffer.length;
    if (bytesPerSecond > 0) {
      const due = transfer.startedAt + (transfer.transferred / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return Buffer.concat(chunks, transfer.transferred);
}

function seconds(transfer: SimTransfer): number {
  return Math.round((Date.now() - transfer.startedAt) / 1000);
}

/** Buddy's /api/v1/transfer (transfer_renderer.cpp renderStateV1): size as a string, progress a fraction. */
export function transferPayload(transfer: SimTransfer): Record<string, unknown> {
  const fraction = transfer.size > 0 ? transfer.transferred / transfer.size : 0;
  const elapsed = (Date.now() - transfer.startedAt) / 1000;
  const rate = elapsed > 0 ? transfer.transferred / elapsed : 0;
  return compact({
    type: "FROM_CLIENT",
    display_name: transfer.displayName,
    path: transfer.dir,
    size: String(transfer.size),
    progress: Number(fraction.toFixed(2)),
    transferred: transfer.transferred,
    time_remaining: rate > 0 ? Math.round((transfer.size - transfer.transferred) / rate) : undefined,
    time_transferring: seconds(transfer),
    to_print: transfer.toPrint,
  });
}

/** The status's `transfer`: Buddy `transferred` + fraction, Prusa-Link `data_transferred` + percent. */
export function statusTransfer(transfer: SimTransfer, buddy: boolean): Record<string, unknown> {
  const fraction = transfer.size > 0 ? transfer.transferred / transfer.size : 0;
  return buddy
    ? {
        id: transfer.id,
        time_transferring: seconds(transfer),
        progress: Number(fraction.toFixed(2)),
        transferred: transfer.transferred,
      }
    : {
        id: transfer.id,
        time_transferring: seconds(transfer),
        progress: Number((fraction * 100).toFixed(2)),
        data_transferred: transfer.transferred,
      };
}

/** The print time the file itself gives (slicer estimate), else DEFAULT_PRINT_SECONDS. */
export async function printSecondsOf(bytes: Buffer, name: string): Promise<number> {
  const metadata = await printFileMetadata(bytes, name);
  const estimate = metadata && estimatedSecondsOf(metadata);
  return estimate && estimate > 0 ? estimate : DEFAULT_PRINT_SECONDS;
}
