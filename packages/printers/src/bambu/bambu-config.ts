// The validated, decrypted configuration of one Bambu Lab printer (LAN mode).
import { z } from "zod";

const BambuConfigObjectSchema = z.object({
  host: z.string().min(1),
  /** Printer serial (CN of its certificate, part of the MQTT topics). */
  serial: z.string().min(1),
  /** LAN access code shown on the printer (changes whenever LAN mode is toggled). */
  accessCode: z.string().min(1),
  /** e.g. "X1C", "P1S"; get_version wins once it answers. */
  model: z.string().min(1).optional(),
  mqttPort: z.coerce.number().int().min(1).max(65_535).default(8883),
  ftpPort: z.coerce.number().int().min(1).max(65_535).default(990),
  /** P1/A1 camera (JPEG frames over TLS). */
  cameraPort: z.coerce.number().int().min(1).max(65_535).default(6000),
  /** X1/H2/P2 camera (RTSP over TLS). */
  rtspPort: z.coerce.number().int().min(1).max(65_535).default(322),
  /** SHA-256 fingerprint pinned when the printer was added (trust on first use). */
  certificateFingerprint: z.string().min(1).optional(),
  /** PEM bundle of Bambu's CA(s); when given, the chain and CN = serial are verified too. */
  caBundle: z.string().min(1).optional(),
});

/** The printer row's `port` (as typed in the admin form) is the MQTT port unless settings name one. */
export const BambuConfigSchema = z.preprocess((value) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const { port, ...rest } = value as Record<string, unknown>;
  return port !== undefined && port !== null && rest.mqttPort === undefined
    ? { ...rest, mqttPort: port }
    : rest;
}, BambuConfigObjectSchema);

export type BambuConfig = z.infer<typeof BambuConfigObjectSchema>;

/** Timing knobs and limits; defaults are what real printers need, tests shorten them. */
export interface BambuTimings {
  /** No report for this long while connected → `pushing.start`; as long again → reconnect (default 60 s). */
  watchdogMs: number;
  /** Periodic `pushall` on P1/A1; Bambu asks for no more than one per 5 minutes (default 300 s). */
  pushallIntervalMs: number;
  /** How long a write may take to show its effect before we blame Developer Mode (default 10 s). */
  commandTimeoutMs: number;
  /** After the last byte of an upload, how long to wait for the final FTP reply before SIZE decides (default 60 s; H2D takes 30 s). */
  uploadFinalReplyMs: number;
  /** How long a start may take to be confirmed (PREPARE/RUNNING or the ack) before it counts as unanswered (default 20 s). */
  startConfirmMs: number;
  /** MQTT keepalive in seconds (default 30). */
  keepaliveSeconds: number;
  /** Larger MQTT payloads are skipped unparsed (real pushes are 10–35 KB; default 1 MiB). */
  maxReportBytes: number;
  /** Camera retries: first delay, doubling per failure in a row (default 1 s) … */
  cameraRetryBaseMs: number;
  /** … up to this (default 30 s). */
  cameraRetryMaxMs: number;
  /** No camera frame for this long: the camera connection is dropped and opened again (default 20 s). */
  cameraStallMs: number;
}

export const defaultBambuTimings: BambuTimings = {
  watchdogMs: 60_000,
  pushallIntervalMs: 300_000,
  commandTimeoutMs: 10_000,
  uploadFinalReplyMs: 60_000,
  startConfirmMs: 20_000,
  keepaliveSeconds: 30,
  maxReportBytes: 1024 * 1024,
  cameraRetryBaseMs: 1_000,
  cameraRetryMaxMs: 30_000,
  cameraStallMs: 20_000,
};
