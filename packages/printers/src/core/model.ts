// The normalized printer model: every adapter maps its vendor payloads onto these
// schemas, and everything downstream (worker, database, web) speaks only this model.
import { z } from "zod";

/** Printer-level state. Maps onto the seed's ONLINE/BUSY/ERROR/OFFLINE/UNKNOWN via `toLegacyState`. */
export const PrinterStateSchema = z.enum(["idle", "busy", "printing", "paused", "error", "offline", "unknown"]);
export type PrinterState = z.infer<typeof PrinterStateSchema>;

export const JobStateSchema = z.enum(["QUEUED", "PREPARING", "PRINTING", "PAUSED", "COMPLETED", "FAILED", "CANCELLED"]);
export type JobState = z.infer<typeof JobStateSchema>;

export const TemperatureSchema = z.object({
  current: z.number().optional(),
  target: z.number().optional(),
});
export type Temperature = z.infer<typeof TemperatureSchema>;

export const TemperaturesSchema = z.object({
  nozzle: TemperatureSchema.optional(),
  /** Extra nozzles of multi-extruder printers (e.g. H2D), index 0 = right/main. */
  nozzles: z.array(TemperatureSchema).optional(),
  bed: TemperatureSchema.optional(),
  chamber: TemperatureSchema.optional(),
});
export type Temperatures = z.infer<typeof TemperaturesSchema>;

export const JobSchema = z.object({
  /** Stable id of the print as the printer knows it (PrusaLink job id, Bambu task/subtask id or a derived key). */
  id: z.string(),
  name: z.string(),
  displayName: z.string().optional(),
  state: JobStateSchema,
  /** 0..100 */
  progress: z.number().min(0).max(100).optional(),
  layer: z.number().int().optional(),
  totalLayers: z.number().int().optional(),
  elapsedSeconds: z.number().optional(),
  remainingSeconds: z.number().optional(),
  fileSize: z.number().optional(),
  thumbnailRef: z.string().optional(),
});
export type Job = z.infer<typeof JobSchema>;

export const RemoteFileSchema = z.object({
  name: z.string(),
  displayName: z.string().optional(),
  /** Full path on the printer, usable with `downloadFile`. */
  path: z.string(),
  size: z.number().optional(),
  modified: z.date().optional(),
  type: z.enum(["file", "folder", "print", "timelapse", "model", "other"]),
  /** Adapter-specific reference the adapter can turn into thumbnail bytes. */
  thumbnailRef: z.string().optional(),
  readOnly: z.boolean().optional(),
});
export type RemoteFile = z.infer<typeof RemoteFileSchema>;

export const FilamentSlotSchema = z.object({
  /** AMS unit id (0..3, 128+ for AMS HT), or "external" for the external spool. */
  unit: z.union([z.number().int(), z.literal("external")]),
  slot: z.number().int(),
  material: z.string().optional(),
  /** #RRGGBB or #RRGGBBAA */
  color: z.string().optional(),
  remainingPercent: z.number().optional(),
  active: z.boolean(),
});
export type FilamentSlot = z.infer<typeof FilamentSlotSchema>;

export const PrinterErrorSeveritySchema = z.enum(["fatal", "serious", "common", "info"]);
export const PrinterErrorSchema = z.object({
  code: z.string(),
  severity: PrinterErrorSeveritySchema,
  message: z.string().optional(),
  module: z.string().optional(),
  /** Vendor page explaining the error, where known. */
  url: z.string().optional(),
});
export type PrinterError = z.infer<typeof PrinterErrorSchema>;

export const PrinterIdentitySchema = z.object({
  model: z.string().optional(),
  serial: z.string().optional(),
  firmware: z.string().optional(),
  hostname: z.string().optional(),
  /** Bambu: SHA-256 fingerprint of the printer's TLS certificate (hex, colon-separated). */
  certificateFingerprint: z.string().optional(),
});
export type PrinterIdentity = z.infer<typeof PrinterIdentitySchema>;

export const PrinterStatusSchema = z.object({
  state: PrinterStateSchema,
  /** Vendor state text as reported (e.g. "RUNNING", "PRINTING"), for display and debugging. */
  rawState: z.string().optional(),
  job: JobSchema.optional(),
  temperatures: TemperaturesSchema,
  filament: z.array(FilamentSlotSchema),
  errors: z.array(PrinterErrorSchema),
  firmware: z.string().optional(),
  wifiSignalDbm: z.number().optional(),
  speedLevel: z.number().int().optional(),
  lightOn: z.boolean().optional(),
  lastCommunication: z.date(),
});
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

export type LegacyPrinterState = "ONLINE" | "BUSY" | "ERROR" | "OFFLINE" | "UNKNOWN";

/** The seed design's coarse states, kept expressible for compatibility. */
export function toLegacyState(state: PrinterState): LegacyPrinterState {
  switch (state) {
    case "idle":
      return "ONLINE";
    case "busy":
    case "printing":
    case "paused":
      return "BUSY";
    case "error":
      return "ERROR";
    case "offline":
      return "OFFLINE";
    case "unknown":
      return "UNKNOWN";
  }
}

export function emptyStatus(state: PrinterState, at: Date = new Date()): PrinterStatus {
  return { state, temperatures: {}, filament: [], errors: [], lastCommunication: at };
}
