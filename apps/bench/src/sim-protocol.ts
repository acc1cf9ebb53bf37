// Messages between the benchmark and its simulator host processes (Node IPC).

export interface SimPrinterSpec {
  /** Position in the benchmark's fleet (0-based). */
  index: number;
  kind: "bambu" | "prusalink";
  name: string;
  host: string;
  /** PrusaLink HTTP port; Bambu MQTT/TLS port. */
  port: number;
  /** Bambu FTPS port. */
  ftpPort: number;
  serial: string;
  model: "X1C" | "P1S" | "MK4";
  /** PrusaLink password or Bambu access code. */
  secret: string;
}

export type HostRequest = { type: "toggle"; index: number } | { type: "counters" };

export type HostMessage =
  | { type: "ready"; printers: Array<{ index: number; certificateFingerprint?: string }> }
  | { type: "failed"; error: string }
  /** `at`: wall-clock ms when the state changed in the simulator; `paused`: the state it is now in. */
  | { type: "toggled"; index: number; at: number; paused: boolean; ok: boolean }
  | { type: "counters"; bambuReports: number; prusaRequests: number };
