// Zod schemas for every PrusaLink payload we read, covering both Buddy firmware and the
// Raspberry Pi Prusa-Link. Unknown fields are allowed (community forks add keys) and nearly every
// field is optional: most implementations omit an absent value, some firmware sends null for it
// (`file: null`, `time_remaining: null`), so in the v1 schemas null means absent too. The adapter
// parses field by field (core/lenient-parse): a field of the wrong type is dropped with a warning;
// only the job's id and state are `essential` (a garbled one makes the answer a protocol error).
import { z } from "zod";
import { essential } from "../core/lenient-parse";

/** Optional, and null means absent (the OpenAPI marks nothing nullable; firmware sends null anyway). */
function opt<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}

/** Job ids are whole, non-negative numbers; anything else is a garbled answer. */
const jobId = essential(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));
/**
 * v1 job states (prusalink-normalize); an unknown text must not be read as a failed print. BUSY:
 * Prusa-Link (RPi) reports the printer's state as the job's, and it is BUSY mid-print (e.g. M600).
 */
const jobState = essential(
  z.enum(["PRINTING", "PAUSED", "ATTENTION", "FINISHED", "STOPPED", "ERROR", "BUSY"]),
);

const refs = z.looseObject({
  icon: z.string().nullish(),
  thumbnail: z.string().nullish(),
  download: z.string().nullish(),
});

export const VersionSchema = z.looseObject({
  api: opt(z.string()),
  server: opt(z.string()),
  text: opt(z.string()),
  hostname: opt(z.string()),
  firmware: opt(z.string()),
  printer: opt(z.string()),
  original: opt(z.string()),
  sdk: opt(z.string()),
  nozzle_diameter: opt(z.number()),
  capabilities: opt(z.looseObject({ "upload-by-put": opt(z.boolean()) })),
});
export type VersionPayload = z.infer<typeof VersionSchema>;

export const InfoSchema = z.looseObject({
  mmu: opt(z.boolean()),
  name: opt(z.string()),
  location: opt(z.string()),
  farm_mode: opt(z.boolean()),
  nozzle_diameter: opt(z.number()),
  min_extrusion_temp: opt(z.number()),
  serial: opt(z.string()),
  hostname: opt(z.string()),
  port: opt(z.union([z.string(), z.number()])),
});
export type InfoPayload = z.infer<typeof InfoSchema>;

const statusFlag = z.looseObject({ ok: opt(z.boolean()), message: opt(z.string()) });

export const StatusPrinterSchema = z.looseObject({
  state: z.string(),
  temp_nozzle: opt(z.number()),
  target_nozzle: opt(z.number()),
  temp_bed: opt(z.number()),
  target_bed: opt(z.number()),
  axis_x: opt(z.number()),
  axis_y: opt(z.number()),
  axis_z: opt(z.number()),
  flow: opt(z.number()),
  speed: opt(z.number()),
  fan_hotend: opt(z.number()),
  fan_print: opt(z.number()),
  status_printer: opt(statusFlag),
  status_connect: opt(statusFlag),
});

const statusStorage = z.looseObject({
  name: opt(z.string()),
  path: opt(z.string()),
  read_only: opt(z.boolean()),
  free_space: opt(z.number()),
});

export const StatusSchema = z.looseObject({
  job: opt(
    z.looseObject({
      id: jobId,
      progress: opt(z.number()),
      time_remaining: opt(z.number()),
      time_printing: opt(z.number()),
    }),
  ),
  // Buddy: one object. Prusa-Link RPi: a list of two (local + sdcard).
  storage: opt(z.union([statusStorage, z.array(statusStorage)])),
  transfer: opt(
    z.looseObject({
      id: opt(z.number()),
      time_transferring: opt(z.number()),
      // Buddy: fraction 0..1 (spec says percent); RPi: percent.
      progress: opt(z.number()),
      transferred: opt(z.number()),
      data_transferred: opt(z.number()),
    }),
  ),
  printer: StatusPrinterSchema,
  camera: opt(z.looseObject({ id: opt(z.union([z.string(), z.number()])) })),
});
export type StatusPayload = z.infer<typeof StatusSchema>;

export const JobSchema = z.looseObject({
  id: jobId,
  state: jobState,
  progress: opt(z.number()),
  time_remaining: opt(z.number()),
  time_printing: opt(z.number()),
  inaccurate_estimates: opt(z.boolean()),
  serial_print: opt(z.boolean()),
  file: opt(
    z.looseObject({
      name: opt(z.string()),
      display_name: opt(z.string()),
      path: opt(z.string()),
      display_path: opt(z.string()),
      size: opt(z.number()),
      m_timestamp: opt(z.number()),
      refs: opt(refs),
    }),
  ),
});
export type JobPayload = z.infer<typeof JobSchema>;

export const StorageSchema = z.looseObject({
  storage_list: z.array(
    z.looseObject({
      name: opt(z.string()),
      type: opt(z.string()),
      path: z.string(),
      available: opt(z.boolean()),
      read_only: opt(z.boolean()),
      ro: opt(z.boolean()),
      free_space: opt(z.number()),
      total_space: opt(z.number()),
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
  display_name: opt(z.string()),
  type: opt(z.string()),
  // Buddy says `ro`, Prusa-Link ≥ 0.7.1 says `read_only`.
  ro: opt(z.boolean()),
  read_only: opt(z.boolean()),
  m_timestamp: opt(z.number()),
  size: opt(z.number()),
  refs: opt(refs),
  get children() {
    return opt(z.array(FileEntrySchema));
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
