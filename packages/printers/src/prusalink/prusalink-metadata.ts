// PrusaLink's metadata: plain data and zod, no protocol code (see ../core/kind-metadata).
import { parseConfig, settingsObject, type PrinterKindMetadata } from "../core/kind-metadata";
import { PrusaLinkConfigSchema, type PrusaLinkConfig } from "./prusalink-config";

/** Prusa's error codes: five digits, shown on the printer as "#17501". */
const prusaCode = /^#?(\d{5})$/;

export const prusalinkMetadata: PrinterKindMetadata<PrusaLinkConfig> = {
  kind: "prusalink",
  label: "Prusa",
  displayName: "Prusa (PrusaLink)",
  defaultPort: 80,
  fields: [
    {
      name: "username",
      label: "Username",
      type: "text",
      secret: false,
      required: false,
      help: 'Always "maker" on MINI/MK4/XL/Core One',
    },
    {
      name: "password",
      label: "Password / API key",
      type: "password",
      secret: true,
      required: false,
      help: "Shown on the printer under Settings → Network → PrusaLink",
    },
    {
      name: "apiKey",
      label: "X-Api-Key (Raspberry Pi PrusaLink)",
      type: "password",
      secret: true,
      required: false,
    },
  ],
  models: ["MINI", "MK4", "MK4S", "MK3.9", "MK3.5", "XL", "Core One", "MK3S (PrusaLink RPi)"],
  capabilities: {
    pause: true,
    resume: true,
    cancel: true,
    startPrint: false,
    files: true,
    download: true,
    thumbnails: true,
    ams: false,
    camera: "none",
  },
  connectionHelp: {
    summary: "Prusa printers with PrusaLink (password or API key from the printer's network settings)",
    needs: "the PrusaLink password or API key",
    authorization: "Check the password / API key under Settings → Network → PrusaLink.",
  },
  configSchema: PrusaLinkConfigSchema,
  // PrusaLink takes no serial or model: the printer reports both itself (/api/v1/info, /api/version).
  buildConfig: (row) =>
    parseConfig(PrusaLinkConfigSchema, {
      ...settingsObject(row.settings),
      ...row.credentials,
      host: row.host,
      ...(row.port !== null ? { port: row.port } : {}),
    }),
  errorHelpUrl: (code) => {
    const match = prusaCode.exec(code);
    return match ? `https://help.prusa3d.com/en/${match[1]}` : null;
  },
};
