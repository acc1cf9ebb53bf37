// Bambu Lab's metadata: plain data and zod, no protocol code (see ../core/kind-metadata).
import { parseConfig, presentText, settingsObject, type PrinterKindMetadata } from "../core/kind-metadata";
import { BambuConfigSchema, type BambuConfig } from "./bambu-config";
import { BAMBU_MODEL_NAMES } from "./bambu-models";

/** An HMS code (`0300_0100_0001_0007`) or a print_error in HMS form (`0300_8004`). */
const hmsCode = /^[0-9A-F]{4}(_[0-9A-F]{4}){1,3}$/;

export const bambuMetadata: PrinterKindMetadata<BambuConfig> = {
  kind: "bambu",
  label: "Bambu Lab",
  displayName: "Bambu Lab (LAN)",
  defaultPort: 8883,
  fields: [
    {
      name: "serial",
      label: "Serial number",
      type: "text",
      secret: false,
      required: true,
      help: "Printer settings → Device; it is also the name in the printer's certificate",
    },
    {
      name: "accessCode",
      label: "LAN access code",
      type: "password",
      secret: true,
      required: true,
      help: "Printer settings → Network (LAN Only); it changes whenever LAN mode is toggled",
    },
    {
      name: "certificateFingerprint",
      label: "Certificate fingerprint (SHA-256)",
      type: "text",
      secret: false,
      required: false,
      help: "Recorded automatically when the printer is added and tested",
    },
  ],
  // Every model of the facts table (bambu-models.ts), so a configured model always has its facts.
  models: [...BAMBU_MODEL_NAMES],
  // Light and speed exist in the adapter but nothing in the app commands them yet; thumbnails are
  // the plate PNG inside a job's 3MF (getThumbnail, over FTPS); the camera streams (openCamera: P1/A1 on 6000,
  // X1/H2/P2 RTSPS on 322 through ffmpeg).
  capabilities: {
    pause: true,
    resume: true,
    cancel: true,
    startPrint: false,
    files: true,
    download: true,
    thumbnails: true,
    ams: true,
    camera: "stream",
  },
  connectionHelp: {
    summary: "Bambu Lab printers (LAN mode, access code from the printer's screen)",
    needs: "the serial number and LAN access code",
    authorization: "Re-read the LAN access code on the printer (it changes when LAN mode is toggled).",
  },
  configSchema: BambuConfigSchema,
  // The serial is the `serial` column (trimmed; empty = missing). Bambu needs it: it names the MQTT
  // topics (device/<serial>/report) and is the CN of the printer's certificate. The row's port is the MQTT port.
  buildConfig: (row) =>
    parseConfig(BambuConfigSchema, {
      ...settingsObject(row.settings),
      ...row.credentials,
      host: row.host,
      ...(row.port !== null ? { port: row.port } : {}),
      serial: presentText(row.serial),
      ...(presentText(row.model) ? { model: presentText(row.model) } : {}),
    }),
  errorHelpUrl: (code) =>
    hmsCode.test(code) ? `https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${code}` : null,
};
