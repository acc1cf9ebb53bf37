// HMS and print_error codes: their display form, module, severity and a short text for the
// codes this application reacts to. The full tables (thousands of codes, 25 languages) are
// Bambu's; the wiki page of each code is linked instead of shipping them.
import type { PrinterError } from "../core/model";

const hex4 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(4, "0").slice(-4);

/** `{attr, code}` → `AAAA_AAAA_CCCC_CCCC`. */
export function hmsCode(attr: number, code: number): string {
  return `${hex4(attr >>> 16)}_${hex4(attr & 0xffff)}_${hex4(code >>> 16)}_${hex4(code & 0xffff)}`;
}

/** `print_error` → `XXXX_XXXX`, zero-padded to 8 hex digits. */
export function printErrorCode(value: number): string {
  const hex = (value >>> 0).toString(16).toUpperCase().padStart(8, "0");
  return `${hex.slice(0, 4)}_${hex.slice(4)}`;
}

const MODULES: Record<number, string> = {
  0x03: "mc",
  0x05: "mainboard",
  0x07: "ams",
  0x08: "toolhead",
  0x0c: "xcam",
  0x12: "ams_lite",
};

const SEVERITIES: Record<number, PrinterError["severity"]> = {
  1: "fatal",
  2: "serious",
  3: "common",
  4: "info",
};

/** Codes whose meaning matters to the application (texts from Bambu's HMS table). */
export const KNOWN_CODES: Record<string, string> = {
  "0300_400C": "The task was canceled.",
  "0500_400E": "Printing was cancelled.",
  "0500_4004": "Device is busy.",
  "0500_C010": "MicroSD card read/write exception.",
  "0300_8004": "Filament ran out.",
  "0300_8015": "External spool filament ran out.",
  "0500_0500_0001_0007":
    "MQTT command verification failed: enable LAN Developer Mode on the printer to allow remote control.",
  "0300_0100_0001_0007": "The heatbed temperature is abnormal; the sensor may have an open circuit.",
  "0C00_0300_0003_0007": "Possible first layer defects have been detected.",
};

export const CANCELLED_PRINT_ERROR = 0x0300400c;
/**
 * `print_error` values that mean the print was cancelled (by the user, the app or a command),
 * not that it failed: 0300_400C "The task was canceled." and 0500_400E "Printing was cancelled."
 * (Bambu's HMS table, as ha-bambulab ships it). They are not printer errors.
 */
export const CANCELLED_PRINT_ERRORS: ReadonlySet<number> = new Set([CANCELLED_PRINT_ERROR, 0x0500400e]);

export function isCancelPrintError(value: number | undefined): boolean {
  return value !== undefined && CANCELLED_PRINT_ERRORS.has(value >>> 0);
}
export const DEVELOPER_MODE_HMS = "0500_0500_0001_0007";

export function hmsToError(attr: number, code: number): PrinterError {
  const display = hmsCode(attr, code);
  const module = MODULES[(attr >>> 24) & 0xff];
  const message = KNOWN_CODES[display];
  return {
    code: display,
    severity: SEVERITIES[code >>> 16] ?? "common",
    ...(module ? { module } : {}),
    ...(message ? { message } : {}),
    url: `https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${display}`,
  };
}

export function printErrorToError(value: number): PrinterError {
  const code = printErrorCode(value);
  const module = MODULES[(value >>> 24) & 0xff];
  const message = KNOWN_CODES[code];
  return {
    code,
    // A cancelled task is reported through print_error too; it is information, not a fault.
    severity: isCancelPrintError(value) ? "info" : "serious",
    ...(module ? { module } : {}),
    ...(message ? { message } : {}),
  };
}
