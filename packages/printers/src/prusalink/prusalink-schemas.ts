// Zod schemas for every PrusaLink payload we read, covering both Buddy firmware and the
// Raspberry Pi Prusa-Link. Unknown fields are allowed (community forks add keys) and nearly every
// field is optional (implementations omit absent values instead of sending null); wrong types fail.
import { z } from "zod";

/** Job ids are whole, non-negative numbers; anything else is a garbled answer. */
const jobId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** v1 job states (prusalink-normalize); an unknown text must not be read as a failed print. */
const jobState = z.enum(["PRINTING", "PAUSED", "ATTENTION", "FINISHED", "STOPPED", "ERROR"]);

const refs = z.looseObject({
  icon: z.string().nullish(),
  thumbnail: z.string().nullish(),
  download: z.string().nullish(),
});

export const VersionSchema = z.looseObject({
  api: z.string().optional(),
  server: z.string().optional(),
  text: z.string().optional(),
  hostname: z.string().optional(),
  firmware: z.string().optional(),
  printer: z.string().optional(),
  original: z.string().optional(),
  sdk: z.string().optional(),
  nozzle_diameter: z.number().optional(),
  capabilities: z.looseObject({ "upload-by-put": z.boolean().optional() }).optional(),
});
export type VersionPayload = z.infer<typeof VersionSchema>;

export const InfoSchema = z.looseObject({
  mmu: z.boolean().optional(),
  name: z.string().optional(),
  location: z.string().optional(),
  farm_mode: z.boolean().optional(),
  nozzle_diameter: z.number().optional(),
  min_extrusion_temp: z.number().optional(),
  serial: z.string().optional(),
  hostname: z.string().optional(),
  port: z.union([z.string(), z.number()]).optional(),
});
export type InfoPayload = z.infer<typeof InfoSchema>;

const statusFlag = z.looseObject({ ok: z.boolean().optional(), message: z.string().optional() });

export const StatusPrinterSchema = z.looseObject({
  state: z.string(),
  temp_nozzle: z.number().optional(),
  target_nozzle: z.number().optional(),
  temp_bed: z.number().optional(),
  target_bed: z.number().optional(),
  axis_x: z.number().optional(),
  axis_y: z.number().optional(),
  axis_z: z.number().optional(),
  flow: z.number().optional(),
  speed: z.number().optional(),
  fan_hotend: z.number().optional(),
  fan_print: z.number().optional(),
  status_printer: statusFlag.optional(),
  status_connect: statusFlag.optional(),
});

const statusStorage = z.looseObject({
  name: z.string().optional(),
  path: z.string().optional(),
  read_only: z.boolean().optional(),
  free_space: z.number().optional(),
});

export const StatusSchema = z.looseObject({
  job: z
    .looseObject({
      id: jobId,
      progress: z.number().optional(),
      time_remaining: z.number().optional(),
      time_printing: z.number().optional(),
    })
    .optional(),
  // Buddy: one object. Prusa-Link RPi: a list of two (local + sdcard).
  storage: z.union([statusStorage, z.array(statusStorage)]).optional(),
  transfer: z
    .looseObject({
      id: z.number().optional(),
      time_transferring: z.number().optional(),
      // Buddy: fraction 0..1 (spec says percent); RPi: percent.
      progress: z.number().optional(),
      transferred: z.number().optional(),
      data_transferred: z.number().optional(),
    })
    .optional(),
  printer: StatusPrinterSchema,
  camera: z.looseObject({ id: z.union([z.string(), z.number()]).optional() }).optional(),
});
export type StatusPayload = z.infer<typeof StatusSchema>;

export const JobSchema = z.looseObject({
  id: jobId,
  state: jobState,
  progress: z.number().optional(),
  time_remaining: z.number().optional(),
  time_printing: z.number().optional(),
  inaccurate_estimates: z.boolean().optional(),
  serial_print: z.boolean().optional(),
  file: z
    .looseObject({
      name: z.string().optional(),
      display_name: z.string().optional(),
      path: z.string().optional(),
      display_path: z.string().optional(),
      size: z.number().optional(),
      m_timestamp: z.number().optional(),
      refs: refs.optional(),
    })
    .optional(),
});
export type JobPayload = z.infer<typeof JobSchema>;

export const StorageSchema = z.looseObject({
  storage_list: z.array(
    z.looseObject({
      name: z.string().optional(),
      type: z.string().optional(),
      path: z.string(),
      available: z.boolean().optional(),
      read_only: z.boolean().optional(),
      ro: z.boolean().optional(),
      free_space: z.number().optional(),
      total_space: z.number().optional(),
    }),
  ),
});
export type StoragePayload = z.infer<typeof StorageSchema>;

export interface FileEntryPayload {
  name: string;
  display_name?: string | undefined;
  type?: string | undefined;
  ro?: boolean | undefined;
  read_only?: boolean | undefined;
  m_timestamp?: number | undefined;
  size?: number | undefined;
  refs?: z.infer<typeof refs> | undefined;
  children?: FileEntryPayload[] | undefined;
  [key: string]: unknown;
}

export const FileEntrySchema: z.ZodType<FileEntryPayload> = z.looseObject({
  name: z.string(),
  display_name: z.string().optional(),
  type: z.string().optional(),
  // Buddy says `ro`, Prusa-Link ≥ 0.7.1 says `read_only`.
  ro: z.boolean().optional(),
  read_only: z.boolean().optional(),
  m_timestamp: z.number().optional(),
  size: z.number().optional(),
  refs: refs.optional(),
  get children() {
    return z.array(FileEntrySchema).optional();
  },
});

// Legacy OctoPrint-style API (Prusa-Link 0.7.x reports "0.9.0-legacy"; Buddy still serves it).
const legacyTemp = z.looseObject({ actual: z.number().nullish(), target: z.number().nullish() });

export const LegacyPrinterSchema = z.looseObject({
  state: z
    .looseObject({
      text: z.string().optional(),
      flags: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  temperature: z.looseObject({ tool0: legacyTemp.optional(), bed: legacyTemp.optional() }).optional(),
  telemetry: z.looseObject({ material: z.string().optional() }).optional(),
});
export type LegacyPrinterPayload = z.infer<typeof LegacyPrinterSchema>;

export const LegacyJobSchema = z.looseObject({
  state: z.string().optional(),
  job: z
    .looseObject({
      estimatedPrintTime: z.number().nullish(),
      file: z
        .looseObject({
          name: z.string().nullish(),
          path: z.string().nullish(),
          display: z.string().nullish(),
          size: z.number().nullish(),
        })
        .nullish(),
    })
    .nullish(),
  progress: z
    .looseObject({
      completion: z.number().nullish(),
      printTime: z.number().nullish(),
      printTimeLeft: z.number().nullish(),
    })
    .nullish(),
});
export type LegacyJobPayload = z.infer<typeof LegacyJobSchema>;

export interface LegacyFileEntryPayload {
  name: string;
  display?: string | undefined;
  path?: string | undefined;
  type?: string | undefined;
  origin?: string | undefined;
  size?: number | undefined;
  date?: number | null | undefined;
  refs?: Record<string, unknown> | undefined;
  children?: LegacyFileEntryPayload[] | undefined;
  [key: string]: unknown;
}

export const LegacyFileEntrySchema: z.ZodType<LegacyFileEntryPayload> = z.looseObject({
  name: z.string(),
  display: z.string().optional(),
  path: z.string().optional(),
  type: z.string().optional(),
  origin: z.string().optional(),
  size: z.number().optional(),
  date: z.number().nullish(),
  refs: z.record(z.string(), z.unknown()).optional(),
  get children() {
    return z.array(LegacyFileEntrySchema).optional();
  },
});

export const LegacyFilesSchema = z.looseObject({ files: z.array(LegacyFileEntrySchema) });
