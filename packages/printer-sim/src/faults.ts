// Fault injection shared by the simulators. Tests flip these in-process; the control endpoint
// flips them for other processes. Each fault is applied per incoming request.
export interface FaultSettings {
  /** Delay before every answer (slow printer). */
  latencyMs: number;
  /** Accept requests but never answer (client timeouts). */
  hang: boolean;
  /** Answer the next `count` requests with this status (e.g. 500). */
  failWith?: { status: number; count: number } | undefined;
  /** Destroy the socket as soon as a request arrives (dropped connections). */
  dropConnections: boolean;
}

export const noFaults = (): FaultSettings => ({ latencyMs: 0, hang: false, dropConnections: false });

export class Faults {
  private settings: FaultSettings = noFaults();

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  set(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
  }

  clear(): void {
    this.settings = noFaults();
  }

  /** Consumes one injected failure, if any. */
  takeFailure(): number | undefined {
    const fail = this.settings.failWith;
    if (!fail || fail.count <= 0) return undefined;
    this.settings = {
      ...this.settings,
      failWith: fail.count > 1 ? { status: fail.status, count: fail.count - 1 } : undefined,
    };
    return fail.status;
  }
}
