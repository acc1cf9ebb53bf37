// Test helpers: an event sink that records, and polling for a condition (no timed assertions).
import type { PrinterEvent, PrinterEventEnvelope, PrinterEventSink, PrinterEventType } from "../core/events";

export class EventRecorder implements PrinterEventSink {
  readonly envelopes: PrinterEventEnvelope[] = [];

  publish(envelope: PrinterEventEnvelope): void {
    this.envelopes.push(envelope);
  }

  get events(): PrinterEvent[] {
    return this.envelopes.map((e) => e.event);
  }

  ofType<T extends PrinterEventType>(type: T): Array<Extract<PrinterEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<PrinterEvent, { type: T }> => e.type === type);
  }

  count(type: PrinterEventType): number {
    return this.ofType(type).length;
  }

  clear(): void {
    this.envelopes.length = 0;
  }
}

/** Polls `condition` until it is truthy; fails with `what` after `timeoutMs` (generous by design). */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
