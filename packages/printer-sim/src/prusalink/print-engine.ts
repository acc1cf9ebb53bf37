// The simulated printer's print state machine, with Buddy's state rules:
// IDLE/FINISHED/STOPPED → PRINTING (start) → PAUSED ⇄ PRINTING → FINISHED, or → STOPPED (stop).
// Pause only from PRINTING, resume only from PAUSED, stop from PRINTING/PAUSED/ATTENTION.
// Time is computed lazily from the wall clock × `timeScale` (simulated seconds per real second),
// so no timers run and a test can make a 10-minute print finish in a few seconds.
import type { StorageNode } from "./storage-tree";

export type SimPrinterState = "IDLE" | "BUSY" | "PRINTING" | "PAUSED" | "FINISHED" | "STOPPED" | "ATTENTION";

export interface SimJob {
  id: number;
  file: StorageNode;
  path: string;
  durationSeconds: number;
  elapsedSeconds: number;
}

export interface Temps {
  nozzle: number;
  bed: number;
  targetNozzle: number;
  targetBed: number;
}

const AMBIENT = 24;

export class PrintEngine {
  private state: SimPrinterState = "IDLE";
  private job: SimJob | undefined;
  private nextJobId: number;
  /** A print to start the moment the current one finishes (a farm queue with no pause in between). */
  private queued: { file: StorageNode; path: string } | undefined;
  private lastTick = Date.now();
  private temps: Temps = { nozzle: AMBIENT, bed: AMBIENT, targetNozzle: 0, targetBed: 0 };

  constructor(
    public timeScale: number,
    firstJobId = 1,
  ) {
    this.nextJobId = firstJobId;
  }

  /** Advances simulated time to now. Call before reading anything. */
  tick(): void {
    const now = Date.now();
    const dt = ((now - this.lastTick) / 1000) * this.timeScale;
    this.lastTick = now;
    if (dt <= 0) return;
    if (this.state === "PRINTING" && this.job) {
      this.job.elapsedSeconds += dt;
      if (this.job.elapsedSeconds >= this.job.durationSeconds) {
        this.job.elapsedSeconds = this.job.durationSeconds;
        this.state = "FINISHED";
        this.temps.targetNozzle = 0;
        this.temps.targetBed = 0;
        const next = this.queued;
        this.queued = undefined;
        if (next) this.begin(next.file, next.path);
      }
    }
    // First-order approach to target (or ambient), time constant ~20 simulated seconds.
    const k = 1 - Math.exp(-dt / 20);
    this.temps.nozzle += ((this.temps.targetNozzle || AMBIENT) - this.temps.nozzle) * k;
    this.temps.bed += ((this.temps.targetBed || AMBIENT) - this.temps.bed) * k;
  }

  get printerState(): SimPrinterState {
    this.tick();
    return this.state;
  }

  /** The job while it exists on the printer (PRINTING, PAUSED, ATTENTION). */
  get currentJob(): SimJob | undefined {
    this.tick();
    return this.hasJob() ? this.job : undefined;
  }

  /** The job the end screen shows (also FINISHED/STOPPED). */
  get lastJob(): SimJob | undefined {
    return this.job;
  }

  get temperatures(): Temps {
    this.tick();
    return { ...this.temps };
  }

  hasJob(): boolean {
    return this.state === "PRINTING" || this.state === "PAUSED" || this.state === "ATTENTION";
  }

  canStart(): boolean {
    this.tick();
    return this.state === "IDLE" || this.state === "FINISHED" || this.state === "STOPPED";
  }

  start(file: StorageNode, path: string): boolean {
    if (!this.canStart()) return false;
    this.begin(file, path);
    return true;
  }

  /**
   * Test control: `file` starts the instant the running print finishes, so no poll can see
   * FINISHED in between (a client must still record the first print as completed).
   */
  queueNext(file: StorageNode, path: string): boolean {
    if (!this.currentJob) return false;
    this.queued = { file, path };
    return true;
  }

  /** Test control: the running print finishes `seconds` simulated seconds from now. */
  finishIn(seconds: number): boolean {
    const job = this.currentJob;
    if (!job) return false;
    job.durationSeconds = Math.max(job.elapsedSeconds + seconds, 1);
    return true;
  }

  private begin(file: StorageNode, path: string): void {
    this.job = {
      id: this.nextJobId++,
      file,
      path,
      durationSeconds: file.printSeconds ?? 600,
      elapsedSeconds: 0,
    };
    this.state = "PRINTING";
    this.temps.targetNozzle = 215;
    this.temps.targetBed = 60;
  }

  pause(): boolean {
    this.tick();
    if (this.state !== "PRINTING") return false;
    this.state = "PAUSED";
    return true;
  }

  resume(): boolean {
    this.tick();
    if (this.state !== "PAUSED") return false;
    this.state = "PRINTING";
    return true;
  }

  stop(): boolean {
    this.tick();
    if (!this.hasJob()) return false;
    this.state = "STOPPED";
    this.queued = undefined;
    this.temps.targetNozzle = 0;
    this.temps.targetBed = 0;
    return true;
  }

  /** Fault: the printer asks for attention (e.g. filament runout) during a print. */
  attention(): boolean {
    this.tick();
    if (this.state !== "PRINTING") return false;
    this.state = "ATTENTION";
    return true;
  }

  /** Dismisses the end screen (FINISHED/STOPPED → IDLE), as a user on the display would. */
  dismiss(): void {
    this.tick();
    if (this.state === "FINISHED" || this.state === "STOPPED") this.state = "IDLE";
  }

  progressPercent(job: SimJob): number {
    return Math.min(100, (job.elapsedSeconds / job.durationSeconds) * 100);
  }

  remainingSeconds(job: SimJob): number {
    return Math.max(0, Math.round(job.durationSeconds - job.elapsedSeconds));
  }
}
