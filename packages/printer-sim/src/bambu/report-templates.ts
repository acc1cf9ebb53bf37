// Initial `print` objects and get_version answers of the simulated models, shaped after the
// real payloads in shared/fixtures/bambu (field names, types, strings-vs-numbers as on the wire).
// X1C: Linux printer, full reports, `device{}` block with packed temperatures, `fun` bitfield.
// P1S: ESP32 printer, deltas, chamber placeholder 5, no `fun`, one AMS.
import { isIPv4 } from "node:net";

export type BambuSimModel = "X1C" | "P1S";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

function tray(id: number, type: string, color: string, remain: number): JsonObject {
  return {
    id: String(id),
    state: 11,
    remain,
    k: 0.02,
    n: 1,
    cali_idx: -1,
    tag_uid: "0000000000000000",
    tray_id_name: "",
    tray_info_idx: type === "PLA" ? "GFA00" : type === "PETG" ? "GFG00" : "GFB00",
    tray_type: type,
    tray_sub_brands: `${type} Basic`,
    tray_color: color,
    tray_weight: "1000",
    tray_diameter: "1.75",
    tray_temp: "0",
    tray_time: "0",
    bed_temp_type: "0",
    bed_temp: "0",
    nozzle_temp_max: "230",
    nozzle_temp_min: "190",
    xcam_info: "000000000000000000000000",
    tray_uuid: "00000000000000000000000000000000",
    ctype: 0,
    cols: [color],
  };
}

function externalSpool(id: string): JsonObject {
  return { ...tray(0, "PLA", "161616FF", 0), id, tray_sub_brands: "" };
}

function amsUnit(id: number, trays: JsonObject[]): JsonObject {
  return {
    id: String(id),
    humidity: "4",
    humidity_raw: "21",
    temp: "25.8",
    dry_time: 0,
    info: "1001",
    tray: trays,
  };
}

/**
 * An IPv4 address as the printers report it in `net.info[].ip`: the four bytes read as a
 * little-endian uint32 (pybambu decodes it with `struct.pack('<I', ip)` → inet_ntoa).
 */
export function bambuIpNumber(address: string): number {
  const bytes = address.split(".").map(Number);
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255))
    throw new Error(`not an IPv4 address: ${address}`);
  return Buffer.from(bytes).readUInt32LE(0);
}

function common(serial: string, host: string): JsonObject {
  return {
    upgrade_state: {
      sequence_id: 0,
      progress: "",
      status: "IDLE",
      consistency_request: false,
      dis_state: 0,
      err_code: 0,
      force_upgrade: false,
      message: "0%, 0B/s",
      module: "",
      new_version_state: 2,
      new_ver_list: [],
    },
    ipcam: {
      ipcam_dev: "1",
      ipcam_record: "enable",
      timelapse: "disable",
      resolution: "1080p",
      tutk_server: "disable",
      mode_bits: 3,
    },
    upload: { status: "idle", progress: 0, message: "" },
    // The printer's own address and a /24 mask (255.255.255.0), both little-endian.
    // (A host name to bind, e.g. "localhost", reports loopback.)
    net: {
      conf: 16,
      info: [{ ip: bambuIpNumber(isIPv4(host) ? host : "127.0.0.1"), mask: bambuIpNumber("255.255.255.0") }],
    },
    nozzle_temper: 24,
    nozzle_target_temper: 0,
    bed_temper: 23.5,
    bed_target_temper: 0,
    mc_print_stage: "1",
    heatbreak_fan_speed: "0",
    cooling_fan_speed: "0",
    big_fan1_speed: "0",
    big_fan2_speed: "0",
    mc_percent: 0,
    mc_remaining_time: 0,
    ams_status: 0,
    ams_rfid_status: 0,
    hw_switch_state: 1,
    spd_mag: 100,
    spd_lvl: 2,
    print_error: 0,
    lifecycle: "product",
    wifi_signal: "-51dBm",
    gcode_state: "IDLE",
    gcode_file_prepare_percent: "0",
    queue_number: 0,
    queue_total: 0,
    queue_est: 0,
    queue_sts: 0,
    project_id: "0",
    profile_id: "0",
    task_id: "0",
    subtask_id: "0",
    subtask_name: "",
    gcode_file: "",
    gcode_start_time: "0",
    stg: [],
    stg_cur: 255,
    print_type: "idle",
    home_flag: 0x100 | 0x7,
    mc_print_line_number: "0",
    mc_print_sub_stage: 0,
    sdcard: true,
    force_upgrade: false,
    mess_production_state: "active",
    layer_num: 0,
    total_layer_num: 0,
    s_obj: [],
    filam_bak: [],
    fan_gear: 0,
    nozzle_diameter: "0.4",
    nozzle_type: "hardened_steel",
    cali_version: 0,
    k: "0.0200",
    flag3: 0,
    hms: [],
    online: { ahb: false, rfid: false, version: 7 },
    sn: serial,
  };
}

export function initialReport(model: BambuSimModel, serial: string, host = "127.0.0.1"): JsonObject {
  const base = common(serial, host);
  if (model === "P1S") {
    return {
      ...base,
      chamber_temper: 5, // P1/A1 have no chamber sensor: a constant placeholder
      ams: {
        ams: [
          amsUnit(0, [
            tray(0, "PLA", "000000FF", 88),
            tray(1, "PLA", "FFFFFFFF", 64),
            tray(2, "PETG", "D32941FF", 100),
            tray(3, "PLA", "0ACC38FF", 12),
          ]),
        ],
        ams_exist_bits: "1",
        tray_exist_bits: "f",
        tray_is_bbl_bits: "f",
        tray_tar: "255",
        tray_now: "255",
        tray_pre: "255",
        tray_read_done_bits: "f",
        tray_reading_bits: "0",
        version: 12,
        insert_flag: true,
        power_on_flag: false,
      },
      vt_tray: externalSpool("254"),
      lights_report: [{ node: "chamber_light", mode: "on" }],
    };
  }
  return {
    ...base,
    chamber_temper: 27,
    ams: {
      ams: [
        amsUnit(0, [
          tray(0, "PLA", "000000FF", 93),
          tray(1, "PLA", "7D6556FF", 100),
          tray(2, "PLA", "4D3324FF", 100),
          tray(3, "PLA", "AE835BFF", 83),
        ]),
        { ...amsUnit(128, [tray(0, "PA-CF", "000000FF", 100)]), info: "2004", temp: "45.2" },
      ],
      ams_exist_bits: "10001",
      tray_exist_bits: "1000f",
      tray_is_bbl_bits: "1000f",
      tray_tar: "255",
      tray_now: "255",
      tray_pre: "255",
      tray_read_done_bits: "1000f",
      tray_reading_bits: "0",
      version: 30185,
      insert_flag: true,
      power_on_flag: false,
    },
    vt_tray: externalSpool("255"),
    vir_slot: [externalSpool("255")],
    lights_report: [
      { node: "chamber_light", mode: "on" },
      { node: "work_light", mode: "flashing" },
    ],
    // Developer Mode on: bit 0x20000000 clear (the simulator sets it when Developer Mode is off).
    fun: "11830F9CFB",
    stat: "7A58000",
    device: {
      bed: { info: { temp: 23 }, state: 0 },
      bed_temp: 23,
      ctc: { info: { temp: 27 }, state: 0 },
      extruder: {
        info: [
          {
            filam_bak: [],
            hnow: 0,
            hpre: 0,
            htar: 0,
            id: 0,
            info: 8,
            snow: 65535,
            spre: 255,
            star: 255,
            stat: 0,
            temp: 24,
          },
        ],
        state: 1,
      },
      nozzle: { exist: 1, info: [{ diameter: 0.4, id: 0, tm: 0, type: "HX01", wear: 0 }], state: 0 },
      fan: 0,
      type: 1,
    },
  };
}

export function versionModules(model: BambuSimModel, serial: string): JsonObject[] {
  if (model === "P1S") {
    return [
      {
        name: "ota",
        product_name: "Bambu Lab P1S",
        sw_ver: "01.08.02.00",
        hw_ver: "OTA",
        sn: serial,
        flag: 0,
      },
      {
        name: "esp32",
        product_name: "",
        project_name: "C12",
        sw_ver: "01.11.35.64",
        hw_ver: "AP04",
        sn: serial,
        flag: 0,
      },
      { name: "mc", product_name: "", sw_ver: "00.01.32.85", hw_ver: "MC07", sn: `${serial}-MC`, flag: 0 },
      { name: "th", product_name: "", sw_ver: "00.00.09.95", hw_ver: "TH09", sn: `${serial}-TH`, flag: 0 },
      {
        name: "ams/0",
        product_name: "AMS (1)",
        sw_ver: "00.00.06.49",
        hw_ver: "AMS08",
        sn: `${serial}-AMS0`,
        flag: 0,
      },
    ];
  }
  return [
    {
      flag: 3,
      hw_ver: "N/A",
      loader_ver: "00.00.00.00",
      name: "ota",
      product_name: "Bambu Lab X1-Carbon",
      sn: serial,
      sw_ver: "01.09.00.01",
      visible: true,
    },
    {
      flag: 0,
      hw_ver: "AMS08",
      loader_ver: "00.00.00.00",
      name: "ams/0",
      product_name: "AMS (1)",
      sn: `${serial}-AMS0`,
      sw_ver: "00.01.06.62",
      visible: true,
    },
    {
      flag: 0,
      hw_ver: "N3S05",
      loader_ver: "00.00.00.00",
      name: "n3s/128",
      product_name: "AMS HT (1)",
      sn: `${serial}-AMS128`,
      sw_ver: "02.00.19.67",
      visible: true,
    },
    {
      flag: 0,
      hw_ver: "AP05",
      loader_ver: "00.00.01.08",
      name: "rv1126",
      product_name: "",
      sn: serial,
      sw_ver: "00.00.50.76",
      visible: false,
    },
    {
      flag: 0,
      hw_ver: "MC07",
      loader_ver: "00.00.00.28",
      name: "mc",
      product_name: "",
      sn: `${serial}-MC`,
      sw_ver: "00.00.32.89",
      visible: false,
    },
  ];
}

/** What changed from `before` to `after`, in the shape the P1 firmware sends deltas. */
export function reportDelta(before: JsonObject, after: JsonObject): JsonObject {
  const delta: JsonObject = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    const changed = diffValue(old, value, key);
    if (changed !== undefined) delta[key] = changed;
  }
  return delta;
}

const ID_ARRAYS = new Set(["ams", "tray", "vir_slot", "info"]);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function diffValue(old: Json | undefined, value: Json, key: string): Json | undefined {
  if (JSON.stringify(old) === JSON.stringify(value)) return undefined;
  if (isObject(old) && isObject(value)) {
    const nested = reportDelta(old, value);
    return Object.keys(nested).length > 0 ? nested : undefined;
  }
  // Arrays of id'd elements: only the changed elements, each with its id (as the firmware does).
  if (
    Array.isArray(old) &&
    Array.isArray(value) &&
    ID_ARRAYS.has(key) &&
    value.every((v) => isObject(v) && "id" in v)
  ) {
    const changed: Json[] = [];
    for (const item of value as JsonObject[]) {
      const previous = (old as Json[]).find((o) => isObject(o) && o.id === item.id);
      if (!isObject(previous)) changed.push(item);
      else {
        const nested = reportDelta(previous, item);
        if (Object.keys(nested).length > 0) changed.push({ id: item.id!, ...nested });
      }
    }
    return changed.length > 0 ? changed : undefined;
  }
  return value;
}
