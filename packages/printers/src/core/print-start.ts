// What an adapter needs to put a file on a printer and start it. The worker opens the bytes
// from the file store; the adapter streams them to the printer (Bambu: implicit FTPS to the SD
// card; PrusaLink: PUT /api/v1/files/usb/<name>, or the legacy multipart upload) and reports
// progress. Starting is a separate step so the worker checks readiness right before it and a
// file staged in advance starts without a second upload.
import type { Readable } from "node:stream";
import { z } from "zod";

export interface UploadProgress {
  bytesSent: number;
  totalBytes: number;
}

export interface UploadRequest {
  /** File name on the printer; the adapter may shorten or clean it to the printer's rules and returns the result. */
  name: string;
  size: number;
  /** Opens a fresh stream of the bytes; called again when the printer needs the body resent (PrusaLink 401 on PUT). */
  open(): Readable;
  onProgress?(progress: UploadProgress): void;
  signal?: AbortSignal;
}

export interface UploadedFile {
  /** Path on the printer, as `startPrint` and `hasFile` take it. */
  path: string;
  size: number;
}

/** Start options; the Bambu ones are ignored by printers without them. */
export const PrintOptionsSchema = z.object({
  bedLevelling: z.boolean().default(true),
  flowCalibration: z.boolean().default(true),
  timelapse: z.boolean().default(false),
  useAms: z.boolean().default(true),
  /**
   * Bambu AMS mapping: index = filament index in the file (0-based), value = global tray id
   * (AMS unit * 4 + slot, 128+ AMS HT, 254/255 external spool), -1 = filament not used.
   */
  amsMapping: z.array(z.number().int().min(-1).max(255)).max(32).optional(),
});
export type PrintOptions = z.output<typeof PrintOptionsSchema>;
export type PrintOptionsInput = z.input<typeof PrintOptionsSchema>;

export interface StartPrintRequest {
  /** The path `uploadFile` returned (or a staged file's path). */
  path: string;
  /** 3MF plate number, 1-based. */
  plate: number;
  /** Shown on the printer and in its reports as the job's name. */
  jobName: string;
  options: PrintOptions;
  signal?: AbortSignal;
}
