// Tests that connect a BambuAdapter to a BambuSimulator (@printernizer/printer-sim) take the
// simulator's address, serial, access code and ports from it through one helper.
import type { BambuSimulator } from "@printernizer/printer-sim/bambu";
import { BambuConfigSchema, type BambuConfig } from "../bambu/bambu-config";

/** The adapter config that reaches `sim`; `extra` adds fields (a pinned certificate) or overrides them. */
export function bambuSimConfig(sim: BambuSimulator, extra: Partial<BambuConfig> = {}): BambuConfig {
  return BambuConfigSchema.parse({
    host: sim.host,
    serial: sim.serial,
    accessCode: sim.accessCode,
    mqttPort: sim.mqttPort,
    ftpPort: sim.ftpPort,
    // The simulator has the one camera its model has: port-6000 frames (P1S) or RTSPS (X1C).
    cameraPort: sim.cameraPort,
    rtspPort: sim.cameraPort,
    ...extra,
  });
}
