// PrusaLink's metadata: plain data, cheap to import for the UI and for validation.
import type { PrinterKindMetadata } from "../core/registry";

export const prusalinkMetadata = {
  kind: "prusalink",
  displayName: "Prusa (PrusaLink)",
  defaultPort: 80,
  fields: [
    { name: "username", label: "Username", type: "text", secret: false, required: false, help: 'Always "maker" on MINI/MK4/XL/Core One' },
    { name: "password", label: "Password / API key", type: "password", secret: true, required: false, help: "Shown on the printer under Settings → Network → PrusaLink" },
    { name: "apiKey", label: "X-Api-Key (Raspberry Pi PrusaLink)", type: "password", secret: true, required: false },
  ],
  capabilities: ["pause", "resume", "cancel", "files", "download", "thumbnails"],
  models: ["MINI", "MK4", "MK4S", "MK3.9", "MK3.5", "XL", "Core One", "MK3S (PrusaLink RPi)"],
} as const satisfies PrinterKindMetadata;
