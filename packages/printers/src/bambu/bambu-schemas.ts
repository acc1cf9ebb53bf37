// Zod schemas for every payload a Bambu printer publishes on `device/{serial}/report`.
// Objects are loose (firmware adds fields all the time) and every field is optional (P1/A1
// deltas carry only what changed), but a field that is present must have the type real
// printers send. The adapter parses field by field (core/lenient-parse): a field of another type
// (custom firmware, new models) is dropped with a warning and never merged; the rest is used.
import { z } from "zod";

const str = z.string().optional();
const num = z.number().optional();
const numOrStr = z.union([z.number(), z.string()]).optional();

export const BambuTraySchema = z.looseObject({
  id: z.string().optional(),
  state: num,
  remain: num,
  tray_type: str,
  tray_sub_brands: str,
  tray_color: str,
  cols: z.array(z.string()).optional(),
  tray_info_idx: str,
  tray_uuid: str,
  tag_uid: str,
});
export type BambuTray = z.infer<typeof BambuTraySchema>;

export const BambuAmsUnitSchema = z.looseObject({
  id: z.string().optional(),
  humidity: str,
  humidity_raw: str,
  temp: str,
  tray: z.array(BambuTraySchema).optional(),
});
export type BambuAmsUnit = z.infer<typeof BambuAmsUnitSchema>;

export const BambuAmsSchema = z.looseObject({
  ams: z.array(BambuAmsUnitSchema).optional(),
  ams_exist_bits: str,
  tray_exist_bits: str,
  tray_now: str,
  tray_pre: str,
  tray_tar: str,
  version: num,
});

const PackedTempSchema = z.looseObject({ info: z.looseObject({ temp: num }).optional() });

export const BambuDeviceSchema = z.looseObject({
  bed: PackedTempSchema.optional(),
  ctc: PackedTempSchema.optional(),
  extruder: z
    .looseObject({
      state: num,
      info: z.array(z.looseObject({ id: num, temp: num, snow: num })).optional(),
    })
    .optional(),
  nozzle: z
    .looseObject({ info: z.array(z.looseObject({ id: num, diameter: num, type: str })).optional() })
    .optional(),
});

export const BambuHmsEntrySchema = z.looseObject({ attr: z.number(), code: z.number() });

/** The `print` object of a push_status report (full or delta) or of a command reply. */
export const BambuPrintSchema = z.looseObject({
  command: str,
  msg: num,
  sequence_id: numOrStr,
  result: str,
  reason: str,
  param: str,
  gcode_state: str,
  mc_percent: num,
  mc_remaining_time: num,
  layer_num: num,
  total_layer_num: num,
  stg_cur: num,
  print_type: str,
  gcode_file: str,
  gcode_start_time: numOrStr,
  subtask_name: str,
  subtask_id: str,
  task_id: str,
  job_id: numOrStr,
  print_error: num,
  hms: z.array(BambuHmsEntrySchema).optional(),
  nozzle_temper: num,
  nozzle_target_temper: num,
  bed_temper: num,
  bed_target_temper: num,
  chamber_temper: num,
  wifi_signal: str,
  spd_lvl: num,
  spd_mag: num,
  lights_report: z.array(z.looseObject({ node: z.string(), mode: z.string() })).optional(),
  fun: str,
  stat: str,
  home_flag: num,
  sdcard: z.boolean().optional(),
  /** "0.4" on every firmware seen; a number is taken too. */
  nozzle_diameter: numOrStr,
  ams: BambuAmsSchema.optional(),
  vt_tray: BambuTraySchema.optional(),
  vir_slot: z.array(BambuTraySchema).optional(),
  device: BambuDeviceSchema.optional(),
  /** The camera: `rtsp_url` is "disable" while LAN live view is off (X1/H2/P2; P1/A1 send no rtsp_url). */
  ipcam: z.looseObject({ rtsp_url: str }).optional(),
});
export type BambuPrint = z.infer<typeof BambuPrintSchema>;

export const BambuVersionModuleSchema = z.looseObject({
  name: z.string(),
  product_name: str,
  project_name: str,
  sw_ver: str,
  hw_ver: str,
  sn: str,
});
export type BambuVersionModule = z.infer<typeof BambuVersionModuleSchema>;

/** The `info` object of a get_version reply. */
export const BambuInfoSchema = z.looseObject({
  command: str,
  sequence_id: numOrStr,
  module: z.array(BambuVersionModuleSchema).optional(),
  result: str,
  reason: str,
});
export type BambuInfo = z.infer<typeof BambuInfoSchema>;

/** Replies in the other namespaces (`system` ledctrl, `pushing`, ...): only the ack fields matter. */
export const BambuAckSchema = z.looseObject({
  command: str,
  sequence_id: numOrStr,
  result: str,
  reason: str,
});

export const BambuMessageSchema = z.looseObject({
  print: BambuPrintSchema.optional(),
  info: BambuInfoSchema.optional(),
  system: BambuAckSchema.optional(),
  pushing: BambuAckSchema.optional(),
});
export type BambuMessage = z.infer<typeof BambuMessageSchema>;

/**
 * Decodes one MQTT payload. X1/H2 send pretty-printed JSON, some slicer builds append a NUL,
 * and a few firmwares emit bytes that are not UTF-8 (fall back to latin-1, as ha-bambulab does).
 */
export function decodePayload(payload: Buffer): unknown {
  let end = payload.length;
  while (end > 0 && payload[end - 1] === 0) end--;
  const bytes = payload.subarray(0, end);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString("latin1");
  }
  return JSON.parse(text) as unknown;
}
