// What the worker remembers about each printer it owns, between writes: the latest
// status, whether it changed state since the last write, and the job row it has open.
import type { JobState, PrinterState, PrinterStatus } from "@printernizer/printers";
import type { StatusRow } from "./write-ops";

export interface AdapterHealthSnapshot {
  circuit: string;
  reconnects: number;
  healthy: boolean;
  lastError?: { kind: string; message: string; at: string };
}

export interface OpenJob {
  id: string;
  externalId?: string;
  name: string;
  state: JobState;
  lastUpdateAt: number;
}

export class PrinterMemory {
  status?: PrinterStatus;
  state: PrinterState = "unknown";
  connected = false;
  lastError?: { kind: string; message: string };
  health?: AdapterHealthSnapshot;
  stateChangedAt = new Date();
  openJob?: OpenJob;
  /** The job closed last: its terminal event may arrive after the status that already closed it. */
  lastClosedJob?: { externalId?: string; name: string };
  /** The printer's id of the job a cancel was asked for: if it then vanishes, it was cancelled. */
  cancelRequestedFor?: string;
  /** Bumped on every change; the flusher writes a status only when it moved since the last write. */
  version = 0;
  writtenVersion = 0;
  /** Since when (ms since epoch) a change has been waiting to be written; meaningful while dirty. */
  dirtySince = 0;
  transitionPending = false;
  lastStatusWriteAt = 0;
  lastSampleAt = 0;
  readonly lastTelemetryEventAt = new Map<string, number>();

  constructor(readonly printerId: string) {}

  /** Records a state; returns true when it is a transition. */
  setState(state: PrinterState, at: Date): boolean {
    this.touch();
    if (state === this.state) return false;
    this.state = state;
    this.stateChangedAt = at;
    this.transitionPending = true;
    return true;
  }

  touch(): void {
    if (!this.isDirty()) this.dirtySince = Date.now();
    this.version++;
  }

  /** `version` reached the database (or was given up on) at `flushStartedAt`. */
  markWritten(version: number, flushStartedAt: number): void {
    this.writtenVersion = version;
    this.lastStatusWriteAt = flushStartedAt;
    if (this.version === version) this.transitionPending = false;
    else this.dirtySince = flushStartedAt; // changed while the flush ran
  }

  isDirty(): boolean {
    return this.version !== this.writtenVersion;
  }

  toRow(): StatusRow {
    const s = this.status;
    const job = s?.job;
    return {
      printerId: this.printerId,
      state: this.state,
      connected: this.connected,
      rawState: s?.rawState ?? null,
      jobName: job ? (job.displayName ?? job.name) : null,
      progress: job?.progress ?? null,
      remainingSeconds: job?.remainingSeconds !== undefined ? Math.round(job.remainingSeconds) : null,
      errorCount: s?.errors.length ?? 0,
      status: JSON.parse(
        JSON.stringify({
          ...(s ?? { temperatures: {}, filament: [], errors: [] }),
          state: this.state,
          health: this.health,
        }),
      ) as unknown,
      lastError: this.lastError?.message ?? null,
      lastErrorKind: this.lastError?.kind ?? null,
      lastCommunication: s?.lastCommunication ? new Date(s.lastCommunication).toISOString() : null,
      stateChangedAt: this.stateChangedAt.toISOString(),
    };
  }
}
