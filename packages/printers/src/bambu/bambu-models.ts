// What each Bambu Lab model has, in one table, and how a printer's model is recognized.
//
// Sources: ha-bambulab's pybambu (`const.py` Printers, `models.py` Device.supports_feature,
// `utils.py` get_printer_type) for everything it knows; Bambu Studio's printer list
// (resources/printers/*.json `sn_prefix`) for the serial prefixes and for the X2D and A2L, which
// pybambu does not know yet. Where neither source says, the fact is "unknown", never a guess.
import type { BambuVersionModule } from "./bambu-schemas";

/** `chamber_image`: JPEG frames over TLS on port 6000 (P1/A1); `rtsps`: RTSP over TLS on port 322. */
export type BambuCameraKind = "chamber_image" | "rtsps" | "unknown";

/**
 * Where a print's file lives, as pybambu finds it over FTPS (`_attempt_ftp_download`):
 * `linux` printers (X1/H2/P2) report `gcode_file` as `/data/Metadata/plate_N.gcode` (a RAM disk,
 * not on FTP) and list directories with their path; `esp32` printers (P1/A1) report the bare
 * 3MF name and list bare names. Both keep the 3MF in `/` or `/cache/` of the SD card.
 */
export type BambuStorageKind = "linux" | "esp32";

export type BambuProjectUrl = "file:///sdcard/" | "ftp:///";

export interface BambuModelFacts {
  /** Short model name, as shown everywhere in the app ("X1C", "A1 mini", "H2D Pro"). */
  model: string;
  /** `product_name` of the `ota` module in get_version ("Bambu Lab X1-Carbon"). */
  productNames: readonly string[];
  /** First three characters of the serial number. */
  serialPrefixes: readonly string[];
  /** `project_name` of the ota/esp32 module on firmware that leaves product_name empty. */
  projectNames: readonly string[];
  /** A real chamber thermometer (pybambu CHAMBER_TEMPERATURE); without one the printer sends a placeholder. */
  chamberSensor: boolean | "unknown";
  camera: BambuCameraKind;
  /** Two nozzles on two extruders (pybambu DUAL_NOZZLES): two external spools, per-extruder active slot. */
  dualNozzle: boolean | "unknown";
  /**
   * Whether its AMS trays' `remain` is a measurement (pybambu AMS_FILAMENT_REMAINING): false on the
   * A1 / A1 mini, whose AMS Lite only reports 100 or 0.
   */
  amsRemaining: boolean | "unknown";
  /** ESP32 printers send deltas (`msg: 1`) and need a periodic pushall; the others send full reports. */
  reports: "delta" | "full";
  storage: BambuStorageKind | "unknown";
  /**
   * Where `project_file`'s `url` points for a file in the SD root: `file:///sdcard/<name>` on the
   * older models (pybambu `const.py` LEGACY_SDCARD_PRINTERS), `ftp:///<name>` on the rest.
   */
  projectUrl: BambuProjectUrl;
  /** The source that states these facts. */
  source: "pybambu" | "bambu-studio";
}

/** FTPS directories pybambu searches for a print's 3MF (`ftp_search_paths`), in order. */
export const BAMBU_FTP_SEARCH_PATHS = ["/cache/", "/"] as const;

type Row = Omit<BambuModelFacts, "model">;

type Shared =
  | "chamberSensor"
  | "camera"
  | "dualNozzle"
  | "amsRemaining"
  | "reports"
  | "storage"
  | "projectUrl"
  | "source";

const esp32: Pick<Row, Shared> = {
  chamberSensor: false,
  camera: "chamber_image",
  dualNozzle: false,
  amsRemaining: true,
  reports: "delta",
  storage: "esp32",
  projectUrl: "file:///sdcard/",
  source: "pybambu",
};
const linux: Pick<Row, Shared> = {
  chamberSensor: true,
  camera: "rtsps",
  dualNozzle: false,
  amsRemaining: true,
  reports: "full",
  storage: "linux",
  projectUrl: "ftp:///",
  source: "pybambu",
};
/** A model only Bambu Studio's printer list names: its facts are unknown, never guessed. */
const bambuStudioOnly: Pick<Row, Shared> = {
  chamberSensor: "unknown",
  camera: "unknown",
  dualNozzle: "unknown",
  amsRemaining: "unknown",
  reports: "full",
  storage: "unknown",
  projectUrl: "ftp:///",
  source: "bambu-studio",
};

export const BAMBU_MODELS = {
  X1C: {
    ...linux,
    projectUrl: "file:///sdcard/",
    productNames: ["Bambu Lab X1-Carbon", "Bambu Lab X1 Carbon"],
    serialPrefixes: ["00M"],
    projectNames: [],
  },
  X1: {
    ...linux,
    projectUrl: "file:///sdcard/",
    productNames: ["Bambu Lab X1"],
    serialPrefixes: ["00W"],
    projectNames: [],
  },
  X1E: {
    ...linux,
    projectUrl: "file:///sdcard/",
    productNames: ["Bambu Lab X1E"],
    serialPrefixes: ["03W"],
    projectNames: [],
  },
  P1P: { ...esp32, productNames: ["Bambu Lab P1P"], serialPrefixes: ["01S"], projectNames: ["C11"] },
  P1S: { ...esp32, productNames: ["Bambu Lab P1S"], serialPrefixes: ["01P"], projectNames: ["C12"] },
  A1: {
    ...esp32,
    amsRemaining: false,
    productNames: ["Bambu Lab A1"],
    serialPrefixes: ["039"],
    projectNames: ["N2S"],
  },
  "A1 mini": {
    ...esp32,
    amsRemaining: false,
    productNames: ["Bambu Lab A1 mini"],
    serialPrefixes: ["030"],
    projectNames: ["N1"],
  },
  P2S: { ...linux, productNames: ["Bambu Lab P2S"], serialPrefixes: ["22E"], projectNames: [] },
  H2D: {
    ...linux,
    dualNozzle: true,
    productNames: ["Bambu Lab H2D"],
    serialPrefixes: ["094"],
    projectNames: [],
  },
  "H2D Pro": {
    ...linux,
    dualNozzle: true,
    productNames: ["Bambu Lab H2D Pro"],
    serialPrefixes: ["239"],
    projectNames: [],
  },
  H2S: { ...linux, productNames: ["Bambu Lab H2S"], serialPrefixes: ["093"], projectNames: [] },
  H2C: {
    ...linux,
    dualNozzle: true,
    productNames: ["Bambu Lab H2C"],
    serialPrefixes: ["31B"],
    projectNames: [],
  },
  // Not in pybambu: only the name and serial prefix are known (Bambu Studio's printer list).
  X2D: { ...bambuStudioOnly, productNames: ["Bambu Lab X2D"], serialPrefixes: ["20P"], projectNames: [] },
  A2L: { ...bambuStudioOnly, productNames: ["Bambu Lab A2L"], serialPrefixes: ["26A"], projectNames: [] },
} as const satisfies Record<string, Row>;

export type BambuModel = keyof typeof BAMBU_MODELS;

/** Every model in the table, in table order (the admin form's model list). */
export const BAMBU_MODEL_NAMES = Object.keys(BAMBU_MODELS) as BambuModel[];

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

const byName = new Map<string, BambuModel>();
for (const model of BAMBU_MODEL_NAMES) {
  byName.set(key(model), model);
  // pybambu's spelling of its Printers enum ("A1MINI", "H2DPRO").
  byName.set(key(model).replace(/ /g, ""), model);
  for (const product of BAMBU_MODELS[model].productNames) {
    byName.set(key(product), model);
    byName.set(key(product.replace(/^Bambu Lab\s+/i, "")), model);
  }
}

/** The table row for a model name in any of its spellings ("X1-Carbon", "A1MINI", "a1 mini"). */
export function bambuModelFacts(model: string | undefined): BambuModelFacts | undefined {
  const found = model === undefined ? undefined : byName.get(key(model));
  return found ? { model: found, ...BAMBU_MODELS[found] } : undefined;
}

/** The model named by a serial number's first three characters. */
export function modelFromSerial(serial: string | undefined): BambuModel | undefined {
  const prefix = serial?.trim().slice(0, 3).toUpperCase();
  if (!prefix || prefix.length < 3) return undefined;
  return BAMBU_MODEL_NAMES.find((m) =>
    (BAMBU_MODELS[m].serialPrefixes as readonly string[]).includes(prefix),
  );
}

/**
 * The model from a get_version answer, as pybambu's get_printer_type: a known `product_name` on any
 * module, else the ota/esp32 `project_name`, else the AP board (`hw_ver` AP02 = X1E, an AP05 `rv1126`
 * or `ap` board without a project = X1C). An unknown product name is kept as it is ("Bambu Lab Z9" → "Z9").
 */
export function modelFromVersion(modules: readonly BambuVersionModule[] | undefined): string | undefined {
  if (!modules) return undefined;
  for (const m of modules) {
    const found = m.product_name ? bambuModelFacts(m.product_name) : undefined;
    if (found) return found.model;
  }
  const ota = modules.find((m) => m.name === "ota");
  const esp32 = modules.find((m) => m.name === "esp32");
  for (const project of [ota?.project_name, esp32?.project_name]) {
    const model = project
      ? BAMBU_MODEL_NAMES.find((m) => (BAMBU_MODELS[m].projectNames as readonly string[]).includes(project))
      : undefined;
    if (model) return model;
  }
  const ap = modules.find((m) => m.name === "rv1126" || m.name === "ap");
  if (ap?.hw_ver === "AP02") return "X1E";
  if (ap && !ap.project_name) return "X1C";
  const product = ota?.product_name?.trim().replace(/^Bambu Lab\s+/i, "");
  return product || undefined;
}

/** What a printer is, best source first: get_version, the serial prefix, then the configured model. */
export function recognizeModel(input: {
  modules?: readonly BambuVersionModule[] | undefined;
  serial?: string | undefined;
  configured?: string | undefined;
}): string | undefined {
  return (
    modelFromVersion(input.modules) ??
    modelFromSerial(input.serial) ??
    bambuModelFacts(input.configured)?.model ??
    (input.configured?.trim() || undefined)
  );
}

/**
 * The model id Bambu Studio writes into a sliced 3MF (`slice_info.config` printer_model_id), per
 * Bambu Studio's resources/profiles/BBL/machine/<model>.json `model_id`. Only ids read there are
 * listed (the X1, X1E, X2D and A2L were not): a file naming another id has an unknown model.
 */
export const BAMBU_SLICER_MODEL_IDS = {
  "BL-P001": "X1C",
  C11: "P1P",
  C12: "P1S",
  N1: "A1 mini",
  N2S: "A1",
  N7: "P2S",
  O1D: "H2D",
  O1E: "H2D Pro",
  O1S: "H2S",
  O1C2: "H2C",
} as const satisfies Record<string, BambuModel>;
