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

/** How a host runs its simulators (the dispatch scenario's differ from the default run's). */
export interface HostOptions {
  /** Seconds of the print every printer starts with; null: the printers start idle (default 7 days). */
  initialPrintSeconds?: number | null;
  /** Bambu SD card write rate in bytes per second (default the simulator's, 150 KiB/s). */
  uploadBytesPerSecond?: number;
  /** Simulated seconds per real second (default 1): shortens PREPARE and the prints. */
  timeScale?: number;
}

export type HostRequest =
  | { type: "toggle"; index: number }
  | { type: "counters" }
  /** Every printer of the host starts a print of this many real seconds (replacing what it prints). */
  | { type: "firstJob"; seconds: number }
  /** Every Bambu printer forgets the files on its SD card (memory between the dispatch scenario's rounds). */
  | { type: "clearCards" };

export type HostMessage =
  | { type: "ready"; printers: Array<{ index: number; certificateFingerprint?: string }> }
  | { type: "failed"; error: string }
  /** `at`: wall-clock ms when the state changed in the simulator; `paused`: the state it is now in. */
  | { type: "toggled"; index: number; at: number; paused: boolean; ok: boolean }
  | {
      type: "counters";
      bambuReports: number;
      prusaRequests: number;
      uploadsStarted: number;
      uploadsStored: number;
    }
  /** `endsAt`: wall-clock ms when the last of the host's first jobs ends. */
  | { type: "firstJobStarted"; endsAt: number }
  | { type: "cardsCleared" };
