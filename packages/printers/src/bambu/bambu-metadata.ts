// Bambu Lab's metadata: plain data, cheap to import for the UI and for validation.
import type { PrinterKindMetadata } from "../core/registry";

export const bambuMetadata = {
  kind: "bambu",
  displayName: "Bambu Lab (LAN)",
  defaultPort: 8883,
  fields: [
    { name: "serial", label: "Serial number", type: "text", secret: false, required: true, help: "Printer settings → Device; it is also the name in the printer's certificate" },
    { name: "accessCode", label: "LAN access code", type: "password", secret: true, required: true, help: "Printer settings → Network (LAN Only); it changes whenever LAN mode is toggled" },
    { name: "certificateFingerprint", label: "Certificate fingerprint (SHA-256)", type: "text", secret: false, required: false, help: "Recorded automatically when the printer is added and tested" },
  ],
  capabilities: ["pause", "resume", "cancel", "files", "download", "ams", "light", "speed"],
  models: ["X1C", "X1", "X1E", "P1S", "P1P", "A1", "A1 mini", "H2D", "H2S", "P2S"],
} as const satisfies PrinterKindMetadata;
