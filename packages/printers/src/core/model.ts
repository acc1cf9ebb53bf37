// The normalized printer model: every adapter maps its vendor payloads onto these
// schemas, and everything downstream (worker, database, web) speaks only this model.
import { z } from "zod";
import { isCleanText, MAX_TEXT_LENGTH } from "./sanitize";

// Bounds every adapter output respects (core/sanitize-status.ts enforces them): what the database
// columns can hold (Int = 32-bit) and what a printer can physically report.
export const INT32_MAX = 2_147_483_647;
export const MODEL_LIMITS = {
  text: MAX_TEXT_LENGTH,
  /** File paths on the printer. */
  path: 4_096,
  errors: 100,
  filament: 128,
  nozzles: 16,
  files: 10_000,
  /** °C; a sensor outside this range is broken or the value garbled. */
  temperature: { min: -100, max: 1_000 },
  wifiDbm: { min: -200, max: 100 },
  speedLevel: { min: 0, max: 10_000 },
} as const;

/** Text that PostgreSQL accepts (no NUL, no lone surrogate), at most `max` long. */
export const boundedText = (max: number = MODEL_LIMITS.text) =>
  z
    .string()
    .max(max)
    .refine((v) => isCleanText(v, max), "contains NUL or a lone surrogate");
/** A count or duration stored in a 32-bit Int column. */
const int32 = () => z.number().int().min(0).max(INT32_MAX);
const temperature = () => z.number().min(MODEL_LIMITS.temperature.min).max(MODEL_LIMITS.temperature.max);

/** Printer-level state. */
export const PrinterStateSchema = z.enum([
  "idle",
  "busy",
  "printing",
  "paused",
  "error",
  "offline",
  "unknown",
]);
export type PrinterState = z.infer<typeof PrinterStateSchema>;

export const JobStateSchema = z.enum([
  "QUEUED",
  "PREPARING",
  "PRINTING",
  "PAUSED",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
]);
export type JobState = z.infer<typeof JobStateSchema>;

export const TemperatureSchema = z.object({
  current: temperature().optional(),
  target: temperature().optional(),
});
export type Temperature = z.infer<typeof TemperatureSchema>;

export const TemperaturesSchema = z.object({
  nozzle: TemperatureSchema.optional(),
  /** Extra nozzles of multi-extruder printers (e.g. H2D), index 0 = right/main. */
  nozzles: z.array(TemperatureSchema).max(MODEL_LIMITS.nozzles).optional(),
  bed: TemperatureSchema.optional(),
  chamber: TemperatureSchema.optional(),
});
export type Temperatures = z.infer<typeof TemperaturesSchema>;

export const JobSchema = z.object({
  /** Stable id of the print as the printer knows it (PrusaLink job id, Bambu task/subtask id or a derived key). */
  id: boundedText(),
  name: boundedText(),
  displayName: boundedText().optional(),
  state: JobStateSchema,
  /** 0..100 */
  progress: z.number().min(0).max(100).optional(),
  layer: int32().optional(),
  totalLayers: int32().optional(),
  elapsedSeconds: int32().optional(),
  remainingSeconds: int32().optional(),
  fileSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  thumbnailRef: boundedText(MODEL_LIMITS.path).optional(),
});
export type Job = z.infer<typeof JobSchema>;

export const RemoteFileSchema = z.object({
  name: boundedText(),
  displayName: boundedText().optional(),
  /** Full path on the printer, usable with `downloadFile`. */
  path: boundedText(MODEL_LIMITS.path),
  size: z.number().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  modified: z.date().optional(),
  type: z.enum(["file", "folder", "print", "timelapse", "model", "other"]),
  /** Adapter-specific reference the adapter can turn into thumbnail bytes. */
  thumbnailRef: boundedText(MODEL_LIMITS.path).optional(),
  readOnly: z.boolean().optional(),
});
export type RemoteFile = z.infer<typeof RemoteFileSchema>;

export const FilamentSlotSchema = z.object({
  /** AMS unit id (0..3, 128+ for AMS HT), or "external" for the external spool. */
  unit: z.union([int32(), z.literal("external")]),
  slot: int32(),
  material: boundedText().optional(),
  /** #RRGGBB or #RRGGBBAA */
  color: boundedText().optional(),
  remainingPercent: z.number().min(0).max(100).optional(),
  /** The vendor's own tray number (Bambu: unit * 4 + slot, 128+ for AMS HT, 254/255 external spools). */
  trayId: z.number().int().min(0).max(255).optional(),
  /** empty; loaded; or loaded without RFID data (material unknown unless the user set one). */
  state: z.enum(["empty", "loaded", "no_rfid"]).optional(),
  /** The extruder this slot feeds, on printers with more than one (Bambu: 0 = right, 1 = left). */
  extruder: z.number().int().min(0).max(15).optional(),
  active: z.boolean(),
});
export type FilamentSlot = z.infer<typeof FilamentSlotSchema>;

export const PrinterErrorSeveritySchema = z.enum(["fatal", "serious", "common", "info"]);
export const PrinterErrorSchema = z.object({
  code: boundedText(),
  severity: PrinterErrorSeveritySchema,
  message: boundedText().optional(),
  module: boundedText().optional(),
  /** Vendor page explaining the error, where known. */
  url: boundedText().optional(),
});
export type PrinterError = z.infer<typeof PrinterErrorSchema>;

export const PrinterIdentitySchema = z.object({
  model: boundedText().optional(),
  serial: boundedText().optional(),
  firmware: boundedText().optional(),
  hostname: boundedText().optional(),
  /** Bambu: SHA-256 fingerprint of the printer's TLS certificate (hex, colon-separated). */
  certificateFingerprint: boundedText().optional(),
});
export type PrinterIdentity = z.infer<typeof PrinterIdentitySchema>;

export const PrinterStatusSchema = z.object({
  state: PrinterStateSchema,
  /** Vendor state text as reported (e.g. "RUNNING", "PRINTING"), for display and debugging. */
  rawState: boundedText().optional(),
  job: JobSchema.optional(),
  temperatures: TemperaturesSchema,
  filament: z.array(FilamentSlotSchema).max(MODEL_LIMITS.filament),
  errors: z.array(PrinterErrorSchema).max(MODEL_LIMITS.errors),
  firmware: boundedText().optional(),
  wifiSignalDbm: z.number().min(MODEL_LIMITS.wifiDbm.min).max(MODEL_LIMITS.wifiDbm.max).optional(),
  speedLevel: z.number().int().min(MODEL_LIMITS.speedLevel.min).max(MODEL_LIMITS.speedLevel.max).optional(),
  lightOn: z.boolean().optional(),
  /** Diameter of the (main) nozzle in mm, where the printer reports it (Bambu `nozzle_diameter`, PrusaLink `/api/v1/info`). */
  nozzleDiameter: z.number().min(0.05).max(3).optional(),
  /** The printer's camera, where it has one (Bambu: transport from the model, live view from `ipcam`). */
  camera: z
    .object({
      transport: z.enum(["chamber_image", "rtsps"]),
      liveView: z.enum(["on", "off", "unknown"]),
    })
    .optional(),
  lastCommunication: z.date(),
});
export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;

export function emptyStatus(state: PrinterState, at: Date = new Date()): PrinterStatus {
  return { state, temperatures: {}, filament: [], errors: [], lastCommunication: at };
}
