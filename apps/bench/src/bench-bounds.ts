// How long each part of a run may take before the benchmark stops waiting for it. They grow with
// the fleet, and the failover's with the connect time the run measured, so a slow run finishes
// and says what was not done in time ("not within N s") instead of being cut off. The CLI's bound
// for the whole run is their sum, so that it never ends a run a part of it would still wait for.

export interface BoundsInput {
  printers: number;
  durationSeconds: number;
  quietWaitSeconds: number;
}

export const bounds = {
  /** Starting the simulator processes (Bambu simulators make an RSA certificate each). */
  simulatorsSeconds: (printers: number) => 120 + printers * 0.5,
  /** The first worker connecting the whole fleet (the target is 30 s at 2,000). */
  connectSeconds: (printers: number) => 60 + printers * 0.3,
  /** Late state changes after the window: later than this they count as lost. */
  lastChangesSeconds: 60,
  /** The second worker taking and connecting its half: as long as connecting all took, twice, and a minute. */
  failoverShareSeconds: (printers: number, connectSeconds: number | null) =>
    Math.round(60 + 2 * (connectSeconds ?? bounds.connectSeconds(printers))),
  /** The first worker reconnecting the killed worker's printers (leases expire first). */
  failoverReconnectSeconds: (printers: number, connectSeconds: number | null) =>
    Math.round(120 + 2 * (connectSeconds ?? bounds.connectSeconds(printers))),
};

/** The whole run: every part at its bound, plus starting and stopping the web app and workers. */
export function runBoundSeconds(o: BoundsInput): number {
  const startStop = 120 + 60 + 60; // web app and worker start, subscribers, stopping everything
  return Math.round(
    startStop +
      bounds.simulatorsSeconds(o.printers) +
      bounds.connectSeconds(o.printers) +
      2 * o.quietWaitSeconds +
      o.durationSeconds +
      bounds.lastChangesSeconds +
      bounds.failoverShareSeconds(o.printers, null) +
      bounds.failoverReconnectSeconds(o.printers, null),
  );
}
